    96.31%  [kernel.kallsyms]                  
     1.98%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     1.68%  bpf_prog_721128825aa5fb37_bench_gen
     0.03%  bpf_dispatcher_xdp                 
     0.01%  memfd:sealed-91173221a7ea (deleted)
--
    47.90%  [kernel.kallsyms]                    [k] _raw_spin_lock
    17.36%  [kernel.kallsyms]                    [k] pvm_irq_enable
     4.88%  [kernel.kallsyms]                    [k] __pi_memcpy
     3.92%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     3.49%  [kernel.kallsyms]                    [k] htab_map_hash
     2.84%  [kernel.kallsyms]                    [k] xp_alloc
     1.98%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     1.76%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     1.68%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     1.42%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     1.12%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
     1.10%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     0.91%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     0.71%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     0.67%  [kernel.kallsyms]                    [k] __xsk_rcv
     0.66%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     0.66%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.65%  [kernel.kallsyms]                    [k] memcmp
     0.55%  [kernel.kallsyms]                    [k] veth_poll
     0.43%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.43%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.37%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     0.34%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.34%  [kernel.kallsyms]                    [k] net_rx_action
     0.32%  [kernel.kallsyms]                    [k] __xdp_return
