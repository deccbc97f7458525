    84.11%  [kernel.kallsyms]                              
     7.01%  knotd                                          
     4.70%  libc.so.6                                      
     3.26%  libknot.so.13.0.0                              
     0.32%  liburcu.so.8.0.0                               
     0.30%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.22%  ld-linux-x86-64.so.2                           
     0.05%  memfd:sealed-91173221a7ea (deleted)            
     0.01%  bpf_dispatcher_xdp                             
     0.01%  perf                                           
     0.00%  [vdso]                                         
--
    10.68%  [kernel.kallsyms]                                [k] pvm_irq_enable
     9.18%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     7.16%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     5.04%  [kernel.kallsyms]                                [k] page_frag_free
     3.12%  [kernel.kallsyms]                                [k] _copy_to_iter
     2.67%  [kernel.kallsyms]                                [k] sock_wfree
     2.58%  [kernel.kallsyms]                                [k] udp_sendmsg
     1.85%  [kernel.kallsyms]                                [k] __check_object_size
     1.69%  [kernel.kallsyms]                                [k] skb_attempt_defer_free
     1.59%  [kernel.kallsyms]                                [k] sock_def_readable
     1.51%  libc.so.6                                        [.] __sendmmsg
     1.40%  [kernel.kallsyms]                                [k] lookup_nulls_elem_raw
     1.33%  [kernel.kallsyms]                                [k] udp_recvmsg
     1.29%  libc.so.6                                        [.] epoll_wait
     1.16%  libc.so.6                                        [.] __recvmmsg
     1.14%  [kernel.kallsyms]                                [k] veth_xmit
     0.97%  [kernel.kallsyms]                                [k] fdget
     0.95%  [kernel.kallsyms]                                [k] __pi_memcpy
     0.93%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     0.92%  [kernel.kallsyms]                                [k] pvclock_clocksource_read_nowd
     0.89%  libknot.so.13.0.0                                [.] knot_pkt_new
     0.85%  [kernel.kallsyms]                                [k] veth_poll
     0.80%  [kernel.kallsyms]                                [k] fib_table_lookup
     0.76%  knotd                                            [.] 0x0000000000050d39
     0.75%  [kernel.kallsyms]                                [k] mutex_lock
