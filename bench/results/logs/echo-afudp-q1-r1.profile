    78.35%  [kernel.kallsyms]                    
    19.90%  libafudp.so.0.0.0                    
     0.80%  libc.so.6                            
     0.61%  bpf_prog_039087406ade3dd7_bench_count
     0.29%  afudp-echo                           
     0.02%  bpf_dispatcher_xdp                   
     0.02%  perf                                 
     0.01%  bench-gen                            
--
    18.15%  [kernel.kallsyms]                      [k] pvm_irq_enable
    14.50%  libafudp.so.0.0.0                      [.] parse.lto_priv.0
    13.48%  [kernel.kallsyms]                      [k] __xsk_generic_xmit
    10.34%  [kernel.kallsyms]                      [k] __pi_memcpy
     7.80%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.87%  [kernel.kallsyms]                      [k] xp_raw_get_data
     1.92%  [kernel.kallsyms]                      [k] sock_wfree
     1.41%  [kernel.kallsyms]                      [k] veth_poll
     1.23%  [kernel.kallsyms]                      [k] veth_xmit
     1.16%  [kernel.kallsyms]                      [k] net_rx_action
     1.12%  libafudp.so.0.0.0                      [.] afudp_csum_raw
     1.09%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     0.97%  [kernel.kallsyms]                      [k] kmem_cache_free
     0.95%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     0.88%  [kernel.kallsyms]                      [k] xsk_destruct_skb
     0.80%  libafudp.so.0.0.0                      [.] afudp_zc_reply
     0.75%  [kernel.kallsyms]                      [k] kfree
     0.73%  libafudp.so.0.0.0                      [.] afudp_tx_tmpl
     0.67%  libafudp.so.0.0.0                      [.] afudp_rx_take
     0.65%  [kernel.kallsyms]                      [k] __slab_free
     0.62%  [kernel.kallsyms]                      [k] _find_next_bit
     0.61%  bpf_prog_039087406ade3dd7_bench_count  [k] bpf_prog_039087406ade3dd7_bench_count
     0.58%  [kernel.kallsyms]                      [k] napi_complete_done
     0.56%  libafudp.so.0.0.0                      [.] afudp_queue_rx_release
     0.53%  [kernel.kallsyms]                      [k] veth_xdp_rcv
