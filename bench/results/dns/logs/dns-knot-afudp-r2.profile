    66.39%  [kernel.kallsyms]                              
    11.93%  libafudp.so.0.0.0                              
     7.87%  knotd                                          
     6.94%  libc.so.6                                      
     3.85%  libknot.so.13.0.0                              
     0.90%  liburcu-cds.so.8.0.0                           
     0.70%  libafudp-preload.so                            
     0.51%  ld-linux-x86-64.so.2                           
     0.31%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.27%  liburcu-bp.so.8.0.0                            
     0.21%  liburcu.so.8.0.0                               
     0.09%  [unknown]                                      
--
    11.02%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
    10.37%  [kernel.kallsyms]                                [k] pvm_irq_enable
     6.88%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     5.99%  [kernel.kallsyms]                                [k] page_frag_free
     4.85%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     4.62%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     3.31%  [kernel.kallsyms]                                [k] _raw_spin_lock
     2.40%  libafudp.so.0.0.0                                [.] afudp_csum_raw
     1.85%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.82%  [kernel.kallsyms]                                [k] sock_def_readable
     1.69%  libc.so.6                                        [.] pthread_spin_lock@@GLIBC_2.34
     1.68%  libc.so.6                                        [.] __libc_sendto
     1.58%  [kernel.kallsyms]                                [k] sock_wfree
     1.34%  libc.so.6                                        [.] epoll_wait
     1.06%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     1.05%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.04%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     1.00%  knotd                                            [.] 0x0000000000050d39
     0.89%  [kernel.kallsyms]                                [k] fdget
     0.78%  [kernel.kallsyms]                                [k] veth_poll
     0.76%  knotd                                            [.] 0x0000000000050cee
     0.76%  [kernel.kallsyms]                                [k] veth_xmit
     0.76%  [kernel.kallsyms]                                [k] xsk_poll
     0.68%  [kernel.kallsyms]                                [k] xsk_sendmsg
     0.64%  [kernel.kallsyms]                                [k] ep_item_poll.isra.0
