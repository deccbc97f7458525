#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run a command under a systemd unit's seccomp-based settings, as systemd
would install them, without systemd: tests/integration/unit.sh.

  sandbox.py UNITFILE -- COMMAND [ARGS...]

SystemCallFilter= (an allow list: every call it names, groups expanded by
systemd-analyze; others fail with SystemCallErrorNumber=, EPERM by
default), RestrictAddressFamilies= (socket(2) of another family fails
with EAFNOSUPPORT) and MemoryDenyWriteExecute= (memory both writable and
executable, or made executable later, is refused with EPERM) each become
a seccomp filter of their own, as systemd makes them; the kernel applies
the strictest verdict. Then COMMAND is executed. The caller must have set
no_new_privs (setpriv --no-new-privs) or hold CAP_SYS_ADMIN.
"""
import ctypes
import errno
import os
import socket
import subprocess
import sys

ALLOW = 0x7fff0000
CMP_EQ, CMP_GE, CMP_MASKED_EQ = 4, 5, 7
PROT_WRITE, PROT_EXEC = 0x2, 0x4
SHM_EXEC = 0o100000


def errno_action(e):
    return 0x00050000 | (e & 0xffff)


class Cmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("a", ctypes.c_uint64), ("b", ctypes.c_uint64)]


lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
lib.seccomp_init.restype = ctypes.c_void_p
lib.seccomp_init.argtypes = [ctypes.c_uint32]
lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32,
                                       ctypes.c_int, ctypes.c_uint,
                                       ctypes.c_void_p]
lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
lib.seccomp_load.argtypes = [ctypes.c_void_p]
lib.seccomp_release.argtypes = [ctypes.c_void_p]


def nr(name):
    return lib.seccomp_syscall_resolve_name(name.encode())


def rule(ctx, action, name, *cmps):
    n = nr(name)
    if n < 0:
        return		# not on this architecture
    arr = (Cmp * len(cmps))(*cmps) if cmps else None
    if lib.seccomp_rule_add_array(ctx, action, n, len(cmps), arr):
        sys.exit("sandbox.py: seccomp rule for %s refused" % name)


def load(ctx):
    if lib.seccomp_load(ctx):
        sys.exit("sandbox.py: seccomp_load: %s (no_new_privs not set?)"
                 % os.strerror(ctypes.get_errno()))
    lib.seccomp_release(ctx)


def expand(item, seen):
    """A call, or a @group's calls, nested groups included."""
    if not item.startswith("@"):
        return {item}
    if item in seen:
        return set()
    seen.add(item)
    out = subprocess.run(["systemd-analyze", "syscall-filter", item],
                         capture_output=True, text=True, check=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        w = line.strip()
        if w and not w.startswith("#"):
            calls |= expand(w, seen)
    if not calls:
        sys.exit("sandbox.py: systemd-analyze knows no group " + item)
    return calls


def settings(path):
    """The unit's [Service] settings, every assignment of each kept."""
    s = {}
    for line in open(path):
        line = line.strip()
        if "=" in line and not line.startswith(("#", ";")):
            k, v = line.split("=", 1)
            s.setdefault(k, []).append(v)
    return s


def syscall_filter(words, err):
    if any(w.startswith("~") for w in words):
        sys.exit("sandbox.py: deny lists (~) are not emulated")
    calls = set()
    for w in words:
        calls |= expand(w, set())
    ctx = lib.seccomp_init(errno_action(err))
    for c in sorted(calls):
        rule(ctx, ALLOW, c)
    load(ctx)


def address_families(words):
    fams = sorted(getattr(socket, w) if w != "AF_XDP" else 44
                  for w in words)
    ctx = lib.seccomp_init(ALLOW)
    deny = errno_action(errno.EAFNOSUPPORT)
    for f in range(0, 64):
        if f not in fams:
            rule(ctx, deny, "socket", Cmp(0, CMP_EQ, f, 0))
    rule(ctx, deny, "socket", Cmp(0, CMP_GE, 64, 0))
    load(ctx)


def memory_deny_write_execute():
    ctx = lib.seccomp_init(ALLOW)
    deny = errno_action(errno.EPERM)
    wx = PROT_WRITE | PROT_EXEC
    for call in ("mmap", "mmap2"):
        rule(ctx, deny, call, Cmp(2, CMP_MASKED_EQ, wx, wx))
    for call in ("mprotect", "pkey_mprotect"):
        rule(ctx, deny, call, Cmp(2, CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC))
    rule(ctx, deny, "shmat", Cmp(2, CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC))
    load(ctx)


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[1] != "--":
        sys.exit(__doc__)
    s = settings(args[0])
    last = lambda k: (s.get(k) or [""])[-1]
    if s.get("RestrictAddressFamilies"):
        address_families(" ".join(s["RestrictAddressFamilies"]).split())
    if last("MemoryDenyWriteExecute") in ("yes", "true", "on", "1"):
        memory_deny_write_execute()
    # Last: the allow list need not let seccomp(2) itself through.
    if s.get("SystemCallFilter"):
        err = last("SystemCallErrorNumber") or "EPERM"
        words = " ".join(s["SystemCallFilter"]).split()
        syscall_filter(words, getattr(errno, err))
    os.execv(args[2], args[2:])


main()
