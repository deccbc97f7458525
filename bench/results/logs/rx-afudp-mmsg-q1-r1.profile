    55.31%  [kernel.kallsyms]                  
    38.60%  libafudp.so.0.0.0                  
     4.68%  libc.so.6                          
     1.08%  afudp-sink                         
     0.25%  [vdso]                             
     0.03%  bench-gen                          
     0.03%  memfd:sealed-91173221a7ea (deleted)
     0.02%  perf                               
     0.01%  ld-linux-x86-64.so.2               
--
    31.05%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
    28.85%  libafudp.so.0.0.0                    [.] parse.lto_priv.0
    12.32%  [kernel.kallsyms]                    [k] pvm_irq_enable
     3.02%  libafudp.so.0.0.0                    [.] afudp_csum_raw
     2.41%  [kernel.kallsyms]                    [k] xsk_poll
     1.93%  libc.so.6                            [.] __recvmmsg
     1.91%  libafudp.so.0.0.0                    [.] fill_src
     1.88%  libc.so.6                            [.] __poll
     1.65%  libafudp.so.0.0.0                    [.] afudp_queue_rx_release
     1.21%  [kernel.kallsyms]                    [k] fdget
     1.03%  libafudp.so.0.0.0                    [.] afudp_rx_take
     0.88%  libafudp.so.0.0.0                    [.] afudp_recvmmsg
     0.85%  [kernel.kallsyms]                    [k] __ep_eventpoll_poll.isra.0
     0.78%  afudp-sink                           [.] batch_recv
     0.73%  [kernel.kallsyms]                    [k] sock_poll
     0.65%  [kernel.kallsyms]                    [k] do_sys_poll
     0.59%  [kernel.kallsyms]                    [k] poll_schedule_timeout.constprop.0
     0.49%  [kernel.kallsyms]                    [k] mutex_lock
     0.49%  libafudp.so.0.0.0                    [.] afudp_rx_scatter
     0.33%  [kernel.kallsyms]                    [k] fput
     0.29%  [kernel.kallsyms]                    [k] pvclock_clocksource_read_nowd
     0.27%  afudp-sink                           [.] rx_mmsg
     0.27%  libafudp.so.0.0.0                    [.] afudp_pool_put.isra.0
     0.25%  [kernel.kallsyms]                    [k] ep_eventpoll_poll
     0.25%  [kernel.kallsyms]                    [k] kvm_clock_get_cycles
