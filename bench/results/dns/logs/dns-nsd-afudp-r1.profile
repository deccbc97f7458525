    68.80%  [kernel.kallsyms]                              
    12.80%  libc.so.6                                      
    10.18%  libafudp.so.0.0.0                              
     4.10%  nsd                                            
     1.73%  libafudp-preload.so                            
     0.90%  liburcu-cds.so.8.0.0                           
     0.54%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.47%  liburcu-bp.so.8.0.0                            
     0.38%  ld-linux-x86-64.so.2                           
     0.07%  libevent-2.1.so.7.0.1                          
     0.01%  [vdso]                                         
     0.01%  bpf_dispatcher_xdp                             
--
    19.88%  [kernel.kallsyms]                                [k] pvm_irq_enable
     9.06%  libc.so.6                                        [.] __libc_sendto
     5.77%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     5.65%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     4.95%  [kernel.kallsyms]                                [k] xsk_sendmsg
     3.88%  libafudp.so.0.0.0                                [.] afudp_udp4_parse
     3.69%  [kernel.kallsyms]                                [k] page_frag_free
     3.33%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     2.75%  [kernel.kallsyms]                                [k] _raw_spin_lock
     1.81%  [kernel.kallsyms]                                [k] fdget
     1.64%  libafudp.so.0.0.0                                [.] afudp_tx_kick.part.0.constprop.0.isra.0
     1.48%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.44%  libafudp.so.0.0.0                                [.] afudp_queue_rx_release
     1.33%  [kernel.kallsyms]                                [k] veth_xmit
     1.14%  [kernel.kallsyms]                                [k] __sys_sendto
     1.11%  libafudp-preload.so                              [.] pl_sendto
     1.05%  [kernel.kallsyms]                                [k] sock_def_readable
     1.02%  [kernel.kallsyms]                                [k] xp_alloc
     1.01%  libc.so.6                                        [.] __GI___pthread_mutex_unlock_usercnt
     1.01%  libc.so.6                                        [.] __memmove_avx512_unaligned_erms
     0.96%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     0.81%  [kernel.kallsyms]                                [k] xsk_destruct_skb
     0.75%  [kernel.kallsyms]                                [k] veth_poll
     0.67%  [kernel.kallsyms]                                [k] kfree
     0.61%  [kernel.kallsyms]                                [k] __memcg_slab_free_hook
