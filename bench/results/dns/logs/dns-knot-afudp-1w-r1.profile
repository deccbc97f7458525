    68.74%  [kernel.kallsyms]                              
    10.66%  libafudp.so.0.0.0                              
     7.80%  knotd                                          
     6.40%  libc.so.6                                      
     3.61%  libknot.so.13.0.0                              
     0.85%  libafudp-preload.so                            
     0.74%  liburcu-cds.so.8.0.0                           
     0.35%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.35%  ld-linux-x86-64.so.2                           
     0.30%  liburcu-bp.so.8.0.0                            
     0.19%  liburcu.so.8.0.0                               
     0.01%  bpf_dispatcher_xdp                             
--
    10.01%  [kernel.kallsyms]                                [k] pvm_irq_enable
     8.17%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     7.08%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     6.28%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     5.84%  [kernel.kallsyms]                                [k] page_frag_free
     5.13%  [kernel.kallsyms]                                [k] _raw_spin_lock
     4.73%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     2.06%  [kernel.kallsyms]                                [k] sock_def_readable
     1.84%  [kernel.kallsyms]                                [k] sock_wfree
     1.77%  libc.so.6                                        [.] epoll_wait
     1.66%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.62%  libc.so.6                                        [.] __libc_sendto
     1.38%  libafudp.so.0.0.0                                [.] afudp_rx_take
     1.27%  [kernel.kallsyms]                                [k] ep_item_poll.isra.0
     1.18%  [kernel.kallsyms]                                [k] xsk_poll
     1.08%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     1.04%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.04%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     0.96%  [kernel.kallsyms]                                [k] mutex_lock
     0.94%  libc.so.6                                        [.] pthread_spin_lock@@GLIBC_2.34
     0.93%  [kernel.kallsyms]                                [k] xsk_sendmsg
     0.91%  knotd                                            [.] 0x0000000000050d39
     0.84%  [kernel.kallsyms]                                [k] fdget
     0.83%  [kernel.kallsyms]                                [k] veth_xmit
     0.82%  [kernel.kallsyms]                                [k] veth_poll
