    93.43%  [kernel.kallsyms]                  
     3.53%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.88%  bpf_prog_721128825aa5fb37_bench_gen
     0.08%  libc.so.6                          
     0.05%  bpf_dispatcher_xdp                 
     0.01%  ld-linux-x86-64.so.2               
     0.01%  bench-gen                          
     0.01%  libbpf.so.1.1.2                    
     0.01%  memfd:sealed-91173221a7ea (deleted)
--
    23.63%  [kernel.kallsyms]                    [k] _raw_spin_lock
    13.91%  [kernel.kallsyms]                    [k] xp_alloc
    12.92%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
     9.79%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     5.32%  [kernel.kallsyms]                    [k] htab_map_hash
     3.81%  [kernel.kallsyms]                    [k] __pi_memcpy
     3.53%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.88%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.57%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     1.94%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     1.73%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     1.66%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.60%  [kernel.kallsyms]                    [k] xp_free
     1.13%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     0.91%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.89%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.89%  [kernel.kallsyms]                    [k] memcmp
     0.89%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     0.88%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.86%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     0.78%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     0.69%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.66%  [kernel.kallsyms]                    [k] bq_enqueue
     0.48%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.48%  [kernel.kallsyms]                    [k] __list_del_entry_valid_or_report
