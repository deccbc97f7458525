    52.87%  [kernel.kallsyms]                  
    41.91%  libafudp.so.0.0.0                  
     4.11%  libc.so.6                          
     0.80%  afudp-sink                         
     0.23%  [vdso]                             
     0.03%  ld-linux-x86-64.so.2               
     0.03%  memfd:sealed-91173221a7ea (deleted)
     0.02%  bench-gen                          
--
    34.20%  libafudp.so.0.0.0                    [.] parse.lto_priv.0
    29.24%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
    12.53%  [kernel.kallsyms]                    [k] pvm_irq_enable
     2.59%  [kernel.kallsyms]                    [k] xsk_poll
     2.54%  libafudp.so.0.0.0                    [.] afudp_csum_raw
     1.83%  libafudp.so.0.0.0                    [.] afudp_queue_rx_release
     1.78%  libc.so.6                            [.] __poll
     1.69%  libc.so.6                            [.] __libc_recvfrom
     1.05%  [kernel.kallsyms]                    [k] fdget
     0.98%  libafudp.so.0.0.0                    [.] afudp_rx_take
     0.82%  [kernel.kallsyms]                    [k] __ep_eventpoll_poll.isra.0
     0.79%  [kernel.kallsyms]                    [k] sock_poll
     0.79%  libafudp.so.0.0.0                    [.] zc_recv
     0.77%  afudp-sink                           [.] rx_zc
     0.61%  libafudp.so.0.0.0                    [.] afudp_zc_release
     0.59%  [kernel.kallsyms]                    [k] do_sys_poll
     0.59%  [kernel.kallsyms]                    [k] poll_schedule_timeout.constprop.0
     0.51%  [kernel.kallsyms]                    [k] mutex_lock
     0.37%  [kernel.kallsyms]                    [k] fput
     0.30%  libafudp.so.0.0.0                    [.] afudp_pool_put.isra.0
     0.29%  libafudp.so.0.0.0                    [.] zc_rx_check
     0.23%  [kernel.kallsyms]                    [k] pvclock_clocksource_read_nowd
     0.21%  [kernel.kallsyms]                    [k] ep_item_poll.isra.0
     0.21%  [kernel.kallsyms]                    [k] do_idle
     0.19%  [kernel.kallsyms]                    [k] kvm_clock_get_cycles
