    95.10%  [kernel.kallsyms]                  
     3.03%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     1.70%  bpf_prog_721128825aa5fb37_bench_gen
     0.12%  bpf_dispatcher_xdp                 
     0.05%  ld-linux-x86-64.so.2               
--
    37.48%  [kernel.kallsyms]                    [k] _raw_spin_lock
    12.82%  [kernel.kallsyms]                    [k] pvm_irq_enable
     8.56%  [kernel.kallsyms]                    [k] __pi_memcpy
     6.96%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     6.77%  [kernel.kallsyms]                    [k] xp_alloc
     3.30%  [kernel.kallsyms]                    [k] htab_map_hash
     3.03%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.46%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     1.70%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     1.45%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     1.35%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     1.23%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.21%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     0.98%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
     0.89%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.84%  [kernel.kallsyms]                    [k] __xsk_rcv
     0.74%  [kernel.kallsyms]                    [k] page_pool_alloc_pages
     0.71%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.57%  [kernel.kallsyms]                    [k] __xdp_return
     0.57%  [kernel.kallsyms]                    [k] bq_enqueue
     0.49%  [kernel.kallsyms]                    [k] memcmp
     0.49%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     0.47%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     0.44%  [kernel.kallsyms]                    [k] dev_get_by_index_rcu
     0.39%  [kernel.kallsyms]                    [k] veth_poll
