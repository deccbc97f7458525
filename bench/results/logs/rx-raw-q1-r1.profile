    94.12%  [kernel.kallsyms]                  
     3.61%  libc.so.6                          
     1.61%  xsk-raw                            
     0.27%  [vdso]                             
     0.27%  libxdp.so.1.3.0                    
     0.02%  ld-linux-x86-64.so.2               
     0.02%  libbpf.so.1.1.2                    
     0.02%  memfd:sealed-91173221a7ea (deleted)
     0.02%  perf                               
     0.02%  sleep                              
--
    70.18%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
    11.86%  [kernel.kallsyms]                    [k] pvm_irq_enable
     4.08%  [kernel.kallsyms]                    [k] xsk_poll
     2.47%  libc.so.6                            [.] __poll
     1.61%  xsk-raw                              [.] rx_loop
     1.06%  [kernel.kallsyms]                    [k] fdget
     0.82%  [kernel.kallsyms]                    [k] poll_schedule_timeout.constprop.0
     0.77%  [kernel.kallsyms]                    [k] fput
     0.72%  [kernel.kallsyms]                    [k] do_sys_poll
     0.59%  libc.so.6                            [.] __GI___pthread_enable_asynccancel
     0.54%  [kernel.kallsyms]                    [k] sock_poll
     0.42%  [kernel.kallsyms]                    [k] _copy_from_user
     0.27%  libxdp.so.1.3.0                      [.] xsk_socket__fd
     0.20%  [kernel.kallsyms]                    [k] __rseq_handle_notify_resume
     0.20%  [kernel.kallsyms]                    [k] __schedule
     0.20%  [kernel.kallsyms]                    [k] pvclock_clocksource_read_nowd
     0.20%  [kernel.kallsyms]                    [k] schedule_idle
     0.17%  [kernel.kallsyms]                    [k] do_idle
     0.17%  libc.so.6                            [.] clock_gettime@@GLIBC_2.17
     0.15%  [kernel.kallsyms]                    [k] __get_user_8
     0.15%  [kernel.kallsyms]                    [k] copy_folio_from_iter_atomic
     0.15%  [kernel.kallsyms]                    [k] ktime_get_ts64
     0.15%  [kernel.kallsyms]                    [k] kvm_clock_get_cycles
     0.12%  [kernel.kallsyms]                    [k] __pollwait
     0.12%  [kernel.kallsyms]                    [k] damon_pa_batch_lock
