    84.29%  [kernel.kallsyms]                              
     6.95%  knotd                                          
     4.69%  libc.so.6                                      
     3.37%  libknot.so.13.0.0                              
     0.24%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.22%  ld-linux-x86-64.so.2                           
     0.13%  liburcu.so.8.0.0                               
     0.07%  [unknown]                                      
     0.02%  memfd:sealed-91173221a7ea (deleted)            
     0.01%  bash                                           
     0.01%  bpf_dispatcher_xdp                             
     0.00%  cat                                            
--
    10.85%  [kernel.kallsyms]                                [k] pvm_irq_enable
     7.15%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     6.89%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     5.25%  [kernel.kallsyms]                                [k] page_frag_free
     2.89%  [kernel.kallsyms]                                [k] sock_wfree
     2.78%  [kernel.kallsyms]                                [k] _copy_to_iter
     2.02%  [kernel.kallsyms]                                [k] udp_sendmsg
     1.99%  [kernel.kallsyms]                                [k] lookup_nulls_elem_raw
     1.90%  [kernel.kallsyms]                                [k] __check_object_size
     1.78%  [kernel.kallsyms]                                [k] udp_recvmsg
     1.59%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.59%  libc.so.6                                        [.] __sendmmsg
     1.58%  [kernel.kallsyms]                                [k] sock_def_readable
     1.29%  [kernel.kallsyms]                                [k] skb_attempt_defer_free
     1.20%  libc.so.6                                        [.] __recvmmsg
     1.18%  libc.so.6                                        [.] epoll_wait
     1.09%  [kernel.kallsyms]                                [k] veth_xmit
     1.00%  [kernel.kallsyms]                                [k] pvclock_clocksource_read_nowd
     0.94%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     0.92%  [kernel.kallsyms]                                [k] fdget
     0.84%  [kernel.kallsyms]                                [k] _copy_from_user
     0.84%  [kernel.kallsyms]                                [k] veth_poll
     0.81%  libknot.so.13.0.0                                [.] knot_pkt_new
     0.74%  [kernel.kallsyms]                                [k] fib_table_lookup
     0.72%  knotd                                            [.] 0x0000000000050d39
