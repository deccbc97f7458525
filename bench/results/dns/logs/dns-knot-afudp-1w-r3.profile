    66.25%  [kernel.kallsyms]                              
    11.35%  libafudp.so.0.0.0                              
     8.84%  knotd                                          
     6.05%  libc.so.6                                      
     4.17%  libknot.so.13.0.0                              
     0.94%  liburcu-cds.so.8.0.0                           
     0.70%  libafudp-preload.so                            
     0.49%  ld-linux-x86-64.so.2                           
     0.46%  liburcu.so.8.0.0                               
     0.41%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.32%  liburcu-bp.so.8.0.0                            
     0.01%  bpf_dispatcher_xdp                             
--
     9.22%  [kernel.kallsyms]                                [k] pvm_irq_enable
     9.06%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     7.86%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     6.16%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     5.52%  [kernel.kallsyms]                                [k] page_frag_free
     4.49%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     4.15%  [kernel.kallsyms]                                [k] _raw_spin_lock
     1.89%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.45%  [kernel.kallsyms]                                [k] sock_def_readable
     1.44%  libc.so.6                                        [.] __libc_sendto
     1.38%  libc.so.6                                        [.] epoll_wait
     1.38%  [kernel.kallsyms]                                [k] sock_wfree
     1.30%  libafudp.so.0.0.0                                [.] afudp_csum_raw
     1.29%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.21%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     1.19%  [kernel.kallsyms]                                [k] xsk_sendmsg
     1.07%  [kernel.kallsyms]                                [k] ep_item_poll.isra.0
     1.07%  libafudp.so.0.0.0                                [.] afudp_rx_take
     1.02%  [kernel.kallsyms]                                [k] xsk_poll
     1.02%  knotd                                            [.] 0x0000000000050d39
     1.00%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     0.92%  libc.so.6                                        [.] pthread_spin_lock@@GLIBC_2.34
     0.92%  [kernel.kallsyms]                                [k] fdget
     0.82%  knotd                                            [.] 0x0000000000050cee
     0.80%  [kernel.kallsyms]                                [k] veth_xmit
