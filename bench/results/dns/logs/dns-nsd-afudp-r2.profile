    65.85%  [kernel.kallsyms]                              
    14.09%  libc.so.6                                      
    10.23%  libafudp.so.0.0.0                              
     4.83%  nsd                                            
     2.41%  libafudp-preload.so                            
     0.99%  liburcu-cds.so.8.0.0                           
     0.65%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.54%  liburcu-bp.so.8.0.0                            
     0.22%  ld-linux-x86-64.so.2                           
     0.13%  libevent-2.1.so.7.0.1                          
     0.03%  [vdso]                                         
     0.01%  bpf_dispatcher_xdp                             
--
    19.85%  [kernel.kallsyms]                                [k] pvm_irq_enable
    10.19%  libc.so.6                                        [.] __libc_sendto
     5.14%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     4.23%  [kernel.kallsyms]                                [k] xsk_sendmsg
     3.46%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     3.45%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     3.04%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     3.02%  [kernel.kallsyms]                                [k] page_frag_free
     2.30%  [kernel.kallsyms]                                [k] _raw_spin_lock
     2.27%  [kernel.kallsyms]                                [k] fdget
     1.72%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.62%  libafudp-preload.so                              [.] pl_sendto
     1.62%  libafudp.so.0.0.0                                [.] afudp_tx_kick.part.0.constprop.0.isra.0
     1.53%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     1.34%  [kernel.kallsyms]                                [k] veth_xmit
     1.21%  [kernel.kallsyms]                                [k] __sys_sendto
     1.18%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     1.13%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     1.11%  [kernel.kallsyms]                                [k] xp_alloc
     0.99%  [kernel.kallsyms]                                [k] xsk_destruct_skb
     0.92%  [kernel.kallsyms]                                [k] sock_def_readable
     0.86%  [kernel.kallsyms]                                [k] __memcg_slab_free_hook
     0.81%  [kernel.kallsyms]                                [k] veth_poll
     0.72%  libc.so.6                                        [.] __GI___pthread_mutex_unlock_usercnt
     0.71%  libafudp.so.0.0.0                                [.] afudp_csum_raw
