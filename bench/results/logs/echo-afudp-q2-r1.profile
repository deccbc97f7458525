    77.86%  [kernel.kallsyms]                    
    10.36%  libafudp.so.0.0.0                    
     4.94%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  
     2.96%  bpf_prog_721128825aa5fb37_bench_gen  
     1.49%  liburcu-cds.so.8.0.0                 
     1.03%  libc.so.6                            
     0.47%  bpf_prog_039087406ade3dd7_bench_count
     0.29%  ld-linux-x86-64.so.2                 
     0.22%  liburcu-bp.so.8.0.0                  
     0.17%  afudp-echo                           
     0.12%  bpf_dispatcher_xdp                   
     0.04%  memfd:sealed-91173221a7ea (deleted)  
--
     7.86%  [kernel.kallsyms]                      [k] pvm_irq_enable
     5.95%  [kernel.kallsyms]                      [k] __pi_memcpy
     5.62%  [kernel.kallsyms]                      [k] _raw_spin_lock
     5.32%  [kernel.kallsyms]                      [k] htab_map_hash
     4.94%  bpf_prog_85d1218b8fdf41ea_afudp_xdp    [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.96%  bpf_prog_721128825aa5fb37_bench_gen    [k] bpf_prog_721128825aa5fb37_bench_gen
     2.80%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     2.73%  [kernel.kallsyms]                      [k] xdp_test_run_batch.constprop.0
     2.25%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     2.25%  [kernel.kallsyms]                      [k] veth_xdp_rcv_one
     1.49%  [kernel.kallsyms]                      [k] __xsk_rcv
     1.38%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.38%  libafudp.so.0.0.0                      [.] afudp_udp4_build.part.0.isra.0
     1.36%  [kernel.kallsyms]                      [k] veth_xmit
     1.31%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.31%  [kernel.kallsyms]                      [k] veth_poll
     1.28%  libafudp.so.0.0.0                      [.] lpm_lookup
     1.26%  [kernel.kallsyms]                      [k] __htab_map_lookup_elem
     1.25%  [kernel.kallsyms]                      [k] xdp_do_redirect_frame
     1.19%  [kernel.kallsyms]                      [k] xp_alloc
     1.14%  [kernel.kallsyms]                      [k] xdp_do_redirect
     1.13%  [kernel.kallsyms]                      [k] net_rx_action
     1.03%  libafudp.so.0.0.0                      [.] parse.lto_priv.0
     1.02%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.02%  [kernel.kallsyms]                      [k] veth_xdp_xmit
