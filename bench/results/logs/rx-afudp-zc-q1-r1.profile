    65.43%  [kernel.kallsyms]
    30.94%  libafudp.so.0.0.0
     3.06%  libc.so.6        
     0.44%  afudp-sink       
     0.07%  [vdso]           
     0.05%  perf             
--
    49.09%  [kernel.kallsyms]  [k] pvm_safe_halt_hc
    25.57%  libafudp.so.0.0.0  [.] parse.lto_priv.0
     8.46%  [kernel.kallsyms]  [k] pvm_irq_enable
     1.68%  [kernel.kallsyms]  [k] xsk_poll
     1.55%  libafudp.so.0.0.0  [.] afudp_queue_rx_release
     1.48%  libafudp.so.0.0.0  [.] afudp_csum_raw
     1.38%  libc.so.6          [.] __libc_recvfrom
     1.18%  libc.so.6          [.] __poll
     0.84%  libafudp.so.0.0.0  [.] afudp_rx_take
     0.62%  [kernel.kallsyms]  [k] fdget
     0.47%  [kernel.kallsyms]  [k] mutex_lock
     0.44%  [kernel.kallsyms]  [k] __ep_eventpoll_poll.isra.0
     0.44%  libafudp.so.0.0.0  [.] afudp_zc_release
     0.42%  [kernel.kallsyms]  [k] do_sys_poll
     0.42%  [kernel.kallsyms]  [k] mutex_unlock
     0.42%  afudp-sink         [.] rx_zc
     0.39%  [kernel.kallsyms]  [k] sock_poll
     0.37%  libafudp.so.0.0.0  [.] zc_recv
     0.30%  libafudp.so.0.0.0  [.] zc_rx_check
     0.25%  [kernel.kallsyms]  [k] fput
     0.22%  [kernel.kallsyms]  [k] pvclock_clocksource_read_nowd
     0.20%  [kernel.kallsyms]  [k] poll_schedule_timeout.constprop.0
     0.17%  [kernel.kallsyms]  [k] ep_eventpoll_poll
     0.15%  [kernel.kallsyms]  [k] __xsk_generic_xmit
     0.15%  [kernel.kallsyms]  [k] damon_pa_batch_lock
