# SPDX-License-Identifier: BSD-2-Clause
# Builds the benchmark programs by hand, for bench/run, until (and besides)
# the top-level Makefile.am builds them: make -f bench/bench.mk [TOP=.]
# Needs lib/.libs/libafudp.so (run `make` at the top first).
TOP ?= .
B = $(TOP)/bench
CC ?= gcc
CLANG ?= clang
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wno-unused-parameter
PKG = $(shell pkg-config --cflags libxdp libbpf)
LIBS = $(shell pkg-config --libs libxdp libbpf) -lpthread
AFUDP = -I$(TOP)/include -L$(TOP)/lib/.libs -lafudp -Wl,-rpath,$(abspath $(TOP))/lib/.libs
MULTIARCH = $(shell $(CC) -print-multiarch 2>/dev/null)
PROGS = $(B)/bench-gen $(B)/xsk-raw $(B)/afudp-sink $(B)/kernel-sink \
	$(B)/kernel-spin-echo $(B)/malloc-count.so

all: $(B)/bench.bpf.o $(PROGS)

$(B)/bench.bpf.o: $(B)/bench.bpf.c $(B)/bench.h
	$(CLANG) -O2 -g -Wall -target bpf -I/usr/include/$(MULTIARCH) -c $< -o $@
$(B)/bench-gen: $(B)/bench-gen.c $(B)/util.c $(B)/util.h $(B)/bench.h
	$(CC) $(CFLAGS) $(WARN) $(PKG) $(B)/bench-gen.c $(B)/util.c -o $@ $(LIBS)
$(B)/xsk-raw: $(B)/xsk-raw.c $(B)/util.c $(B)/util.h $(B)/bench.h $(TOP)/lib/proto/csum.c
	$(CC) $(CFLAGS) $(WARN) $(PKG) -I$(TOP)/lib $(B)/xsk-raw.c $(B)/util.c \
		$(TOP)/lib/proto/csum.c -o $@ $(LIBS)
$(B)/afudp-sink: $(B)/afudp-sink.c $(B)/util.c $(B)/util.h $(TOP)/include/afudp.h
	$(CC) $(CFLAGS) $(WARN) $(B)/afudp-sink.c $(B)/util.c -o $@ $(AFUDP) -lpthread
$(B)/kernel-sink: $(B)/kernel-sink.c $(B)/util.c $(B)/util.h
	$(CC) $(CFLAGS) $(WARN) $(B)/kernel-sink.c $(B)/util.c -o $@ -lpthread
$(B)/kernel-spin-echo: $(B)/kernel-spin-echo.c $(B)/util.c $(B)/util.h
	$(CC) $(CFLAGS) $(WARN) $(B)/kernel-spin-echo.c $(B)/util.c -o $@ -lpthread
$(B)/malloc-count.so: $(B)/malloc-count.c
	$(CC) $(CFLAGS) $(WARN) -shared -fPIC $< -o $@ -ldl

clean:
	rm -f $(B)/bench.bpf.o $(PROGS)
.PHONY: all clean
