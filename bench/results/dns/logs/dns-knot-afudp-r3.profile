    68.68%  [kernel.kallsyms]                              
    10.02%  libafudp.so.0.0.0                              
     7.93%  knotd                                          
     6.55%  libc.so.6                                      
     3.73%  libknot.so.13.0.0                              
     0.93%  liburcu-cds.so.8.0.0                           
     0.67%  libafudp-preload.so                            
     0.45%  ld-linux-x86-64.so.2                           
     0.42%  liburcu.so.8.0.0                               
     0.33%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.29%  liburcu-bp.so.8.0.0                            
     0.01%  bpf_dispatcher_xdp                             
--
    11.77%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
    10.14%  [kernel.kallsyms]                                [k] pvm_irq_enable
     7.03%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     6.15%  [kernel.kallsyms]                                [k] page_frag_free
     5.60%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     4.80%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     4.10%  [kernel.kallsyms]                                [k] _raw_spin_lock
     1.87%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.58%  libc.so.6                                        [.] __libc_sendto
     1.52%  libc.so.6                                        [.] pthread_spin_lock@@GLIBC_2.34
     1.47%  [kernel.kallsyms]                                [k] sock_wfree
     1.38%  [kernel.kallsyms]                                [k] sock_def_readable
     1.35%  libc.so.6                                        [.] epoll_wait
     1.12%  libknot.so.13.0.0                                [.] knot_pkt_new
     0.98%  [kernel.kallsyms]                                [k] xsk_poll
     0.94%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     0.93%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     0.90%  knotd                                            [.] 0x0000000000050d39
     0.84%  [kernel.kallsyms]                                [k] fdget
     0.84%  [kernel.kallsyms]                                [k] veth_poll
     0.82%  [kernel.kallsyms]                                [k] xsk_sendmsg
     0.82%  [kernel.kallsyms]                                [k] ep_item_poll.isra.0
     0.82%  knotd                                            [.] 0x0000000000050cee
     0.77%  [kernel.kallsyms]                                [k] veth_xmit
     0.61%  [kernel.kallsyms]                                [k] xsk_destruct_skb
