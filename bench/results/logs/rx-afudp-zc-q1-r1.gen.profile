    96.30%  [kernel.kallsyms]                  
     2.01%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     1.67%  bpf_prog_721128825aa5fb37_bench_gen
     0.02%  bpf_dispatcher_xdp                 
--
    45.83%  [kernel.kallsyms]                    [k] _raw_spin_lock
    17.64%  [kernel.kallsyms]                    [k] pvm_irq_enable
     5.61%  [kernel.kallsyms]                    [k] __pi_memcpy
     4.49%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     3.33%  [kernel.kallsyms]                    [k] htab_map_hash
     2.89%  [kernel.kallsyms]                    [k] xp_alloc
     2.01%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     1.87%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     1.67%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     1.43%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
     1.26%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.24%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     0.90%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     0.85%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     0.74%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.72%  [kernel.kallsyms]                    [k] veth_poll
     0.64%  [kernel.kallsyms]                    [k] __xsk_rcv
     0.62%  [kernel.kallsyms]                    [k] memcmp
     0.57%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.56%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     0.48%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     0.42%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.32%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.31%  [kernel.kallsyms]                    [k] __xdp_return
     0.27%  [kernel.kallsyms]                    [k] sock_def_readable
