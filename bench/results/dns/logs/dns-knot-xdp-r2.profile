    82.48%  [kernel.kallsyms]                              
     7.77%  knotd                                          
     6.90%  libknot.so.13.0.0                              
     1.77%  libc.so.6                                      
     0.70%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.23%  liburcu.so.8.0.0                               
     0.14%  ld-linux-x86-64.so.2                           
     0.01%  bpf_dispatcher_xdp                             
     0.01%  perf                                           
     0.00%  libxdp.so.1.3.0                                
--
    13.29%  [kernel.kallsyms]                                [k] pvm_irq_enable
     9.07%  [kernel.kallsyms]                                [k] __xsk_generic_xmit
     8.88%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     7.58%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     7.10%  [kernel.kallsyms]                                [k] page_frag_free
     4.72%  [kernel.kallsyms]                                [k] _raw_spin_lock
     3.18%  [kernel.kallsyms]                                [k] sock_wfree
     2.05%  [kernel.kallsyms]                                [k] __pi_memcpy
     1.78%  [kernel.kallsyms]                                [k] xsk_destruct_skb
     1.67%  [kernel.kallsyms]                                [k] sock_def_readable
     1.28%  [kernel.kallsyms]                                [k] veth_poll
     1.24%  [kernel.kallsyms]                                [k] veth_xmit
     1.04%  libknot.so.13.0.0                                [.] knot_pkt_new
     0.98%  knotd                                            [.] 0x0000000000050d39
     0.98%  [kernel.kallsyms]                                [k] net_rx_action
     0.92%  [kernel.kallsyms]                                [k] __xsk_rcv_zc
     0.87%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     0.76%  knotd                                            [.] 0x0000000000050cee
     0.74%  [kernel.kallsyms]                                [k] kfree
     0.74%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     0.73%  libknot.so.13.0.0                                [.] knot_xdp_recv
     0.70%  [kernel.kallsyms]                                [k] kmem_cache_free
     0.70%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func  [k] bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.68%  libknot.so.13.0.0                                [.] knot_dname_wire_check
     0.53%  libknot.so.13.0.0                                [.] knot_xdp_send
