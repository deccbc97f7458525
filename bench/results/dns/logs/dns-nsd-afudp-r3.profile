    67.13%  [kernel.kallsyms]                              
    12.67%  libc.so.6                                      
    11.34%  libafudp.so.0.0.0                              
     4.36%  nsd                                            
     2.21%  libafudp-preload.so                            
     1.01%  liburcu-cds.so.8.0.0                           
     0.55%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.41%  liburcu-bp.so.8.0.0                            
     0.20%  ld-linux-x86-64.so.2                           
     0.08%  libevent-2.1.so.7.0.1                          
     0.02%  [vdso]                                         
     0.01%  bpf_dispatcher_xdp                             
--
    18.96%  [kernel.kallsyms]                                [k] pvm_irq_enable
     9.10%  libc.so.6                                        [.] __libc_sendto
     5.55%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     5.15%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     4.37%  [kernel.kallsyms]                                [k] xsk_sendmsg
     4.31%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     4.06%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     3.34%  [kernel.kallsyms]                                [k] page_frag_free
     2.45%  [kernel.kallsyms]                                [k] _raw_spin_lock
     2.19%  [kernel.kallsyms]                                [k] fdget
     2.16%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     1.72%  libafudp.so.0.0.0                                [.] afudp_tx_kick.part.0.constprop.0.isra.0
     1.52%  [kernel.kallsyms]                                [k] veth_xmit
     1.49%  libafudp-preload.so                              [.] pl_sendto
     1.42%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.12%  [kernel.kallsyms]                                [k] __sys_sendto
     1.04%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     0.98%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     0.96%  [kernel.kallsyms]                                [k] sock_def_readable
     0.92%  libc.so.6                                        [.] __GI___pthread_mutex_unlock_usercnt
     0.86%  [kernel.kallsyms]                                [k] xp_alloc
     0.84%  [kernel.kallsyms]                                [k] xsk_destruct_skb
     0.71%  libafudp.so.0.0.0                                [.] afudp_csum_raw
     0.67%  [kernel.kallsyms]                                [k] veth_poll
     0.65%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
