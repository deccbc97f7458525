    93.17%  [kernel.kallsyms]   
     5.77%  libc.so.6           
     0.76%  kernel-sink         
     0.25%  [vdso]              
     0.02%  bench-gen           
     0.02%  ld-linux-x86-64.so.2
--
    37.28%  [kernel.kallsyms]     [k] pvm_safe_halt_hc
    12.68%  [kernel.kallsyms]     [k] pvm_write_msr
    10.95%  [kernel.kallsyms]     [k] pvm_irq_enable
     7.70%  [kernel.kallsyms]     [k] _copy_to_iter
     3.90%  [kernel.kallsyms]     [k] __check_object_size
     2.99%  libc.so.6             [.] __recvmmsg
     2.37%  [kernel.kallsyms]     [k] udp_recvmsg
     1.90%  libc.so.6             [.] __poll
     1.51%  [kernel.kallsyms]     [k] _raw_spin_lock_bh
     1.41%  [kernel.kallsyms]     [k] skb_attempt_defer_free
     1.26%  [kernel.kallsyms]     [k] fdget
     1.26%  [kernel.kallsyms]     [k] native_queued_spin_lock_slowpath
     1.06%  [kernel.kallsyms]     [k] _raw_spin_lock
     0.89%  [kernel.kallsyms]     [k] sock_poll
     0.79%  [kernel.kallsyms]     [k] udp_rmem_release
     0.72%  kernel-sink           [.] run
     0.64%  [kernel.kallsyms]     [k] __virt_addr_valid
     0.59%  [kernel.kallsyms]     [k] __skb_try_recv_from_queue
     0.57%  [kernel.kallsyms]     [k] __skb_recv_udp
     0.54%  [kernel.kallsyms]     [k] do_sys_poll
     0.47%  [kernel.kallsyms]     [k] copy_iovec_from_user
     0.47%  [kernel.kallsyms]     [k] do_recvmmsg
     0.39%  [kernel.kallsyms]     [k] fput
     0.37%  [kernel.kallsyms]     [k] poll_schedule_timeout.constprop.0
     0.32%  [kernel.kallsyms]     [k] ___sys_recvmsg
