    64.00%  [kernel.kallsyms]                              
    12.03%  libafudp.so.0.0.0                              
     9.21%  knotd                                          
     7.23%  libc.so.6                                      
     4.25%  libknot.so.13.0.0                              
     0.95%  liburcu-cds.so.8.0.0                           
     0.92%  libafudp-preload.so                            
     0.51%  ld-linux-x86-64.so.2                           
     0.32%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.32%  liburcu-bp.so.8.0.0                            
     0.22%  liburcu.so.8.0.0                               
     0.01%  bpf_dispatcher_xdp                             
--
    10.54%  [kernel.kallsyms]                                [k] pvm_irq_enable
     6.94%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     6.08%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     5.96%  [kernel.kallsyms]                                [k] page_frag_free
     5.52%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     5.37%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     4.02%  [kernel.kallsyms]                                [k] _raw_spin_lock
     1.79%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.68%  libafudp.so.0.0.0                                [.] afudp_csum_raw
     1.64%  [kernel.kallsyms]                                [k] sock_wfree
     1.62%  libc.so.6                                        [.] __libc_sendto
     1.55%  libc.so.6                                        [.] pthread_spin_lock@@GLIBC_2.34
     1.52%  [kernel.kallsyms]                                [k] sock_def_readable
     1.48%  libc.so.6                                        [.] epoll_wait
     1.26%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     1.22%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.11%  knotd                                            [.] 0x0000000000050d39
     1.04%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     0.99%  [kernel.kallsyms]                                [k] xsk_sendmsg
     0.99%  knotd                                            [.] 0x0000000000050cee
     0.87%  [kernel.kallsyms]                                [k] fdget
     0.86%  [kernel.kallsyms]                                [k] xsk_poll
     0.84%  [kernel.kallsyms]                                [k] veth_xmit
     0.78%  [kernel.kallsyms]                                [k] veth_poll
     0.68%  [kernel.kallsyms]                                [k] mutex_lock
