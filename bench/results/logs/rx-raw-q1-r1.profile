    94.60%  [kernel.kallsyms]                  
     3.06%  libc.so.6                          
     1.92%  xsk-raw                            
     0.28%  [vdso]                             
     0.09%  libxdp.so.1.3.0                    
     0.05%  memfd:sealed-91173221a7ea (deleted)
--
    72.64%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
    12.06%  [kernel.kallsyms]                    [k] pvm_irq_enable
     2.69%  [kernel.kallsyms]                    [k] xsk_poll
     2.16%  libc.so.6                            [.] __poll
     1.90%  xsk-raw                              [.] rx_loop
     0.87%  [kernel.kallsyms]                    [k] sock_poll
     0.84%  [kernel.kallsyms]                    [k] do_sys_poll
     0.68%  [kernel.kallsyms]                    [k] poll_schedule_timeout.constprop.0
     0.67%  [kernel.kallsyms]                    [k] fdget
     0.60%  libc.so.6                            [.] __GI___pthread_enable_asynccancel
     0.59%  [kernel.kallsyms]                    [k] fput
     0.38%  [kernel.kallsyms]                    [k] pvclock_clocksource_read_nowd
     0.28%  [kernel.kallsyms]                    [k] do_idle
     0.21%  [kernel.kallsyms]                    [k] kvm_clock_get_cycles
     0.19%  [kernel.kallsyms]                    [k] cpu_startup_entry
     0.18%  [vdso]                               [.] 0x00000000000007bd
     0.18%  [kernel.kallsyms]                    [k] copy_folio_from_iter_atomic
     0.17%  libc.so.6                            [.] clock_gettime@@GLIBC_2.17
     0.16%  [kernel.kallsyms]                    [k] __schedule
     0.15%  [kernel.kallsyms]                    [k] __xsk_generic_xmit
     0.11%  [kernel.kallsyms]                    [k] _copy_from_user
     0.11%  [kernel.kallsyms]                    [k] schedule_idle
     0.10%  [kernel.kallsyms]                    [k] __get_user_8
     0.09%  [kernel.kallsyms]                    [k] __pollwait
     0.09%  [kernel.kallsyms]                    [k] hrtimer_cancel
