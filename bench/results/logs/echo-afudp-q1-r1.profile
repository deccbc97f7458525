    72.89%  [kernel.kallsyms]                    
    23.73%  libafudp.so.0.0.0                    
     1.50%  liburcu-cds.so.8.0.0                 
     0.96%  libc.so.6                            
     0.27%  bpf_prog_039087406ade3dd7_bench_count
     0.27%  liburcu-bp.so.8.0.0                  
     0.20%  ld-linux-x86-64.so.2                 
     0.12%  afudp-echo                           
     0.05%  perf                                 
--
    20.52%  [kernel.kallsyms]                      [k] pvm_irq_enable
    14.63%  libafudp.so.0.0.0                      [.] parse.lto_priv.0
    12.90%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
     7.97%  [kernel.kallsyms]                      [k] _raw_spin_lock
     7.87%  [kernel.kallsyms]                      [k] __pi_memcpy
     1.95%  [kernel.kallsyms]                      [k] sock_wfree
     1.83%  [kernel.kallsyms]                      [k] xp_raw_get_data
     1.60%  [kernel.kallsyms]                      [k] veth_poll
     1.41%  libafudp.so.0.0.0                      [.] afudp_csum_raw
     1.38%  libafudp.so.0.0.0                      [.] afudp_udp4_build.part.0.isra.0
     1.04%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     0.89%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     0.86%  libafudp.so.0.0.0                      [.] lpm_lookup
     0.81%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     0.76%  [kernel.kallsyms]                      [k] net_rx_action
     0.69%  [kernel.kallsyms]                      [k] kfree
     0.67%  [kernel.kallsyms]                      [k] veth_xmit
     0.67%  libc.so.6                              [.] __libc_sendto
     0.59%  [kernel.kallsyms]                      [k] kmem_cache_free
     0.59%  [kernel.kallsyms]                      [k] skb_set_owner_w
     0.59%  libafudp.so.0.0.0                      [.] lpm_key_make
     0.57%  [kernel.kallsyms]                      [k] __slab_free
     0.57%  [kernel.kallsyms]                      [k] slab_update_freelist.isra.0
     0.57%  libafudp.so.0.0.0                      [.] afudp_udp4_tmpl_init
     0.54%  [kernel.kallsyms]                      [k] _find_next_bit
