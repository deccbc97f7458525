    83.26%  [kernel.kallsyms]                  
     6.48%  libafudp.so.0.0.0                  
     3.98%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     3.11%  libc.so.6                          
     2.29%  bpf_prog_721128825aa5fb37_bench_gen
     0.59%  afudp-sink                         
     0.14%  [vdso]                             
     0.07%  bpf_dispatcher_xdp                 
     0.02%  perf                               
     0.02%  memfd:sealed-91173221a7ea (deleted)
     0.02%  bench-gen                          
     0.01%  ld-linux-x86-64.so.2               
--
    25.44%  [kernel.kallsyms]                    [k] pvm_irq_enable
    10.20%  [kernel.kallsyms]                    [k] _raw_spin_lock
     5.67%  [kernel.kallsyms]                    [k] __pi_memcpy
     5.36%  [kernel.kallsyms]                    [k] htab_map_hash
     4.35%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     3.98%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.62%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     2.29%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.23%  libafudp.so.0.0.0                    [.] parse.lto_priv.0
     1.81%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     1.80%  [kernel.kallsyms]                    [k] xp_alloc
     1.39%  libc.so.6                            [.] __poll
     1.37%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     1.29%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.22%  libc.so.6                            [.] __libc_recvfrom
     1.21%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.19%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.10%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.08%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     1.08%  [kernel.kallsyms]                    [k] fdget
     0.93%  [kernel.kallsyms]                    [k] xdp_do_redirect
     0.93%  libafudp.so.0.0.0                    [.] afudp_rx_take
     0.90%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.81%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.81%  [kernel.kallsyms]                    [k] memcmp
