    78.19%  [kernel.kallsyms]                              
     9.82%  knotd                                          
     8.37%  libknot.so.13.0.0                              
     2.74%  libc.so.6                                      
     0.47%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.20%  liburcu.so.8.0.0                               
     0.15%  ld-linux-x86-64.so.2                           
     0.03%  memfd:sealed-91173221a7ea (deleted)            
     0.02%  libxdp.so.1.3.0                                
     0.01%  perf                                           
--
    11.18%  [kernel.kallsyms]                                [k] pvm_irq_enable
     9.18%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     8.78%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     8.24%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     7.87%  [kernel.kallsyms]                                [k] page_frag_free
     4.22%  [kernel.kallsyms]                                [k] _raw_spin_lock
     2.99%  [kernel.kallsyms]                                [k] sock_wfree
     1.68%  [kernel.kallsyms]                                [k] xsk_destruct_skb
     1.63%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.52%  [kernel.kallsyms]                                [k] sock_def_readable
     1.46%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.31%  knotd                                            [.] 0x0000000000050d39
     1.16%  [kernel.kallsyms]                                [k] veth_xmit
     1.09%  [kernel.kallsyms]                                [k] veth_poll
     1.06%  knotd                                            [.] 0x0000000000050cee
     1.04%  libknot.so.13.0.0                                [.] knot_xdp_recv
     0.92%  libc.so.6                                        [.] __libc_sendto
     0.78%  libknot.so.13.0.0                                [.] knot_dname_wire_check
     0.68%  [kernel.kallsyms]                                [k] __xsk_rcv_zc
     0.68%  [kernel.kallsyms]                                [k] net_rx_action
     0.67%  libknot.so.13.0.0                                [.] knot_xdp_send
     0.66%  [kernel.kallsyms]                                [k] xsk_poll
     0.66%  libc.so.6                                        [.] epoll_wait
     0.61%  [kernel.kallsyms]                                [k] kmem_cache_free
     0.59%  libc.so.6                                        [.] __memcmp_evex_movbe
