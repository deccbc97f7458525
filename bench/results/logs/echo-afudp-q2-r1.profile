    86.02%  [kernel.kallsyms]                    
     4.34%  libafudp.so.0.0.0                    
     4.30%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  
     3.00%  bpf_prog_721128825aa5fb37_bench_gen  
     1.24%  libc.so.6                            
     0.59%  bpf_prog_039087406ade3dd7_bench_count
     0.33%  afudp-echo                           
     0.12%  bpf_dispatcher_xdp                   
     0.02%  ld-linux-x86-64.so.2                 
     0.01%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  [vdso]                               
     0.01%  bench-gen                            
--
    11.84%  [kernel.kallsyms]                      [k] pvm_irq_enable
     5.82%  [kernel.kallsyms]                      [k] htab_map_hash
     5.55%  [kernel.kallsyms]                      [k] _raw_spin_lock
     5.36%  [kernel.kallsyms]                      [k] __pi_memcpy
     4.30%  bpf_prog_85d1218b8fdf41ea_afudp_xdp    [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     3.26%  [kernel.kallsyms]                      [k] xdp_test_run_batch.constprop.0
     3.01%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     3.00%  bpf_prog_721128825aa5fb37_bench_gen    [k] bpf_prog_721128825aa5fb37_bench_gen
     2.21%  [kernel.kallsyms]                      [k] veth_xdp_rcv_one
     2.05%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.81%  [kernel.kallsyms]                      [k] veth_poll
     1.81%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.53%  [kernel.kallsyms]                      [k] __htab_map_lookup_elem
     1.50%  [kernel.kallsyms]                      [k] veth_xmit
     1.48%  [kernel.kallsyms]                      [k] net_rx_action
     1.40%  [kernel.kallsyms]                      [k] __xsk_rcv
     1.36%  [kernel.kallsyms]                      [k] xp_alloc
     1.16%  [kernel.kallsyms]                      [k] veth_xdp_xmit
     1.13%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.10%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.10%  [kernel.kallsyms]                      [k] xdp_do_redirect_frame
     1.07%  libafudp.so.0.0.0                      [.] parse.lto_priv.0
     1.05%  [kernel.kallsyms]                      [k] xdp_do_redirect
     1.02%  [kernel.kallsyms]                      [k] memcmp
     0.98%  [kernel.kallsyms]                      [k] page_pool_refill_alloc_cache
