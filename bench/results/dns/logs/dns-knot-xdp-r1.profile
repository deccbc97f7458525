    76.68%  [kernel.kallsyms]                              
     9.65%  knotd                                          
     9.19%  libknot.so.13.0.0                              
     3.60%  libc.so.6                                      
     0.45%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.24%  liburcu.so.8.0.0                               
     0.13%  ld-linux-x86-64.so.2                           
     0.04%  libxdp.so.1.3.0                                
     0.01%  bpf_dispatcher_xdp                             
     0.01%  perf                                           
--
    10.91%  [kernel.kallsyms]                                [k] pvm_irq_enable
    10.09%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     8.62%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     7.62%  [kernel.kallsyms]                                [k] page_frag_free
     7.58%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     3.64%  [kernel.kallsyms]                                [k] _raw_spin_lock
     2.61%  [kernel.kallsyms]                                [k] sock_wfree
     1.89%  libknot.so.13.0.0                                [.] knot_xdp_recv
     1.78%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.57%  [kernel.kallsyms]                                [k] xsk_destruct_skb
     1.41%  libknot.so.13.0.0                                [.] knot_pkt_new
     1.40%  [kernel.kallsyms]                                [k] sock_def_readable
     1.35%  knotd                                            [.] 0x0000000000050d39
     1.30%  libc.so.6                                        [.] __libc_sendto
     1.12%  [kernel.kallsyms]                                [k] veth_poll
     1.06%  [kernel.kallsyms]                                [k] veth_xmit
     1.06%  libc.so.6                                        [.] epoll_wait
     0.99%  knotd                                            [.] 0x0000000000050cee
     0.98%  [kernel.kallsyms]                                [k] xsk_poll
     0.95%  libknot.so.13.0.0                                [.] knot_dname_wire_check
     0.83%  libknot.so.13.0.0                                [.] knot_xdp_send
     0.73%  [kernel.kallsyms]                                [k] kmem_cache_free
     0.71%  [kernel.kallsyms]                                [k] xsk_sendmsg
     0.65%  [kernel.kallsyms]                                [k] mutex_lock
     0.62%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
