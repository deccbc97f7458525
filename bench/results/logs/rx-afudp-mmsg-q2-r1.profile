    82.77%  [kernel.kallsyms]                  
     6.61%  libafudp.so.0.0.0                  
     3.76%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     3.21%  libc.so.6                          
     2.64%  bpf_prog_721128825aa5fb37_bench_gen
     0.75%  afudp-sink                         
     0.13%  [vdso]                             
     0.07%  bpf_dispatcher_xdp                 
     0.02%  ld-linux-x86-64.so.2               
     0.02%  perf                               
     0.01%  memfd:sealed-91173221a7ea (deleted)
     0.01%  bench-gen                          
--
    24.83%  [kernel.kallsyms]                    [k] pvm_irq_enable
     8.47%  [kernel.kallsyms]                    [k] _raw_spin_lock
     5.68%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     5.65%  [kernel.kallsyms]                    [k] htab_map_hash
     5.38%  [kernel.kallsyms]                    [k] __pi_memcpy
     3.76%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.73%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     2.64%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.07%  libafudp.so.0.0.0                    [.] parse.lto_priv.0
     2.05%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     1.68%  [kernel.kallsyms]                    [k] xp_alloc
     1.49%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.34%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     1.28%  libc.so.6                            [.] __poll
     1.26%  libc.so.6                            [.] __recvmmsg
     1.24%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.15%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.07%  libafudp.so.0.0.0                    [.] fill_src
     1.02%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.02%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     0.99%  [kernel.kallsyms]                    [k] fdget
     0.97%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.96%  [kernel.kallsyms]                    [k] __xdp_return
     0.88%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.86%  [kernel.kallsyms]                    [k] xdp_do_redirect
