    65.95%  [kernel.kallsyms]                              
    11.42%  libafudp.so.0.0.0                              
     8.61%  knotd                                          
     6.52%  libc.so.6                                      
     4.36%  libknot.so.13.0.0                              
     0.90%  liburcu-cds.so.8.0.0                           
     0.84%  libafudp-preload.so                            
     0.51%  ld-linux-x86-64.so.2                           
     0.37%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.29%  liburcu-bp.so.8.0.0                            
     0.23%  liburcu.so.8.0.0                               
     0.00%  perf                                           
--
     9.96%  [kernel.kallsyms]                                [k] pvm_irq_enable
     7.60%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     7.06%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     5.82%  [kernel.kallsyms]                                [k] page_frag_free
     4.90%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     4.87%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     4.55%  [kernel.kallsyms]                                [k] _raw_spin_lock
     1.83%  [kernel.kallsyms]                                [k] sock_wfree
     1.78%  libc.so.6                                        [.] __libc_sendto
     1.75%  [kernel.kallsyms]                                [k] sock_def_readable
     1.73%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.44%  libc.so.6                                        [.] epoll_wait
     1.40%  libafudp.so.0.0.0                                [.] afudp_rx_take
     1.27%  [kernel.kallsyms]                                [k] ep_item_poll.isra.0
     1.27%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.18%  [kernel.kallsyms]                                [k] xsk_poll
     1.16%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     1.09%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     1.07%  knotd                                            [.] 0x0000000000050d39
     1.06%  [kernel.kallsyms]                                [k] mutex_lock
     1.05%  libc.so.6                                        [.] pthread_spin_lock@@GLIBC_2.34
     1.04%  [kernel.kallsyms]                                [k] xsk_sendmsg
     0.97%  [kernel.kallsyms]                                [k] fdget
     0.85%  [kernel.kallsyms]                                [k] veth_xmit
     0.81%  [kernel.kallsyms]                                [k] veth_poll
