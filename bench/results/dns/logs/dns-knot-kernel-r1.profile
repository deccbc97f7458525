    84.93%  [kernel.kallsyms]                              
     6.79%  knotd                                          
     4.40%  libc.so.6                                      
     3.26%  libknot.so.13.0.0                              
     0.26%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.18%  liburcu.so.8.0.0                               
     0.18%  ld-linux-x86-64.so.2                           
     0.00%  perf                                           
--
    10.54%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
    10.26%  [kernel.kallsyms]                                [k] pvm_irq_enable
     7.24%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     5.27%  [kernel.kallsyms]                                [k] page_frag_free
     2.88%  [kernel.kallsyms]                                [k] _copy_to_iter
     2.66%  [kernel.kallsyms]                                [k] sock_wfree
     2.21%  [kernel.kallsyms]                                [k] udp_sendmsg
     1.90%  [kernel.kallsyms]                                [k] __check_object_size
     1.87%  [kernel.kallsyms]                                [k] udp_recvmsg
     1.82%  [kernel.kallsyms]                                [k] sock_def_readable
     1.56%  [kernel.kallsyms]                                [k] skb_attempt_defer_free
     1.47%  libc.so.6                                        [.] __sendmmsg
     1.33%  [kernel.kallsyms]                                [k] lookup_nulls_elem_raw
     1.09%  libc.so.6                                        [.] __recvmmsg
     1.06%  libc.so.6                                        [.] epoll_wait
     1.04%  [kernel.kallsyms]                                [k] veth_xmit
     1.02%  [kernel.kallsyms]                                [k] fdget
     0.98%  [kernel.kallsyms]                                [k] pvclock_clocksource_read_nowd
     0.94%  [kernel.kallsyms]                                [k] __pi_memcpy
     0.93%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     0.87%  libknot.so.13.0.0                                [.] knot_pkt_new
     0.86%  [kernel.kallsyms]                                [k] veth_poll
     0.84%  [kernel.kallsyms]                                [k] fib_table_lookup
     0.79%  knotd                                            [.] 0x0000000000050d39
     0.75%  [kernel.kallsyms]                                [k] mutex_lock
