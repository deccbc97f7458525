    93.52%  [kernel.kallsyms]                  
     3.93%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     1.99%  bpf_prog_721128825aa5fb37_bench_gen
     0.29%  libc.so.6                          
     0.10%  bpf_dispatcher_xdp                 
     0.10%  ld-linux-x86-64.so.2               
     0.05%  memfd:sealed-91173221a7ea (deleted)
     0.02%  bench-gen                          
--
    20.91%  [kernel.kallsyms]                    [k] _raw_spin_lock
    15.88%  [kernel.kallsyms]                    [k] xp_alloc
    10.95%  [kernel.kallsyms]                    [k] __xsk_rcv_zc
    10.65%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     6.90%  [kernel.kallsyms]                    [k] __pi_memcpy
     4.17%  [kernel.kallsyms]                    [k] htab_map_hash
     3.93%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.45%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     2.36%  [kernel.kallsyms]                    [k] xp_free
     1.99%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     1.82%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     1.55%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     1.50%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     1.37%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.30%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.03%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.83%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.81%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.79%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     0.74%  [kernel.kallsyms]                    [k] __xdp_return
     0.69%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.64%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     0.56%  [kernel.kallsyms]                    [k] memcmp
     0.54%  [kernel.kallsyms]                    [k] xsk_map_redirect
     0.44%  [kernel.kallsyms]                    [k] bq_enqueue
