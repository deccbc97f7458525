    83.43%  [kernel.kallsyms]                  
     6.10%  libafudp.so.0.0.0                  
     4.22%  bpf_prog_85d1218b8fdf41ea_afudp_xdp
     3.10%  libc.so.6                          
     2.30%  bpf_prog_721128825aa5fb37_bench_gen
     0.47%  afudp-sink                         
     0.19%  [vdso]                             
     0.12%  bpf_dispatcher_xdp                 
     0.02%  ld-linux-x86-64.so.2               
     0.02%  perf                               
     0.01%  bench-gen                          
--
    27.72%  [kernel.kallsyms]                    [k] pvm_irq_enable
     5.37%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     5.27%  [kernel.kallsyms]                    [k] htab_map_hash
     5.04%  [kernel.kallsyms]                    [k] __pi_memcpy
     4.73%  [kernel.kallsyms]                    [k] _raw_spin_lock
     4.22%  bpf_prog_85d1218b8fdf41ea_afudp_xdp  [k] bpf_prog_85d1218b8fdf41ea_afudp_xdp
     2.55%  [kernel.kallsyms]                    [k] lookup_nulls_elem_raw
     2.30%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.24%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     2.07%  libafudp.so.0.0.0                    [.] parse.lto_priv.0
     1.83%  [kernel.kallsyms]                    [k] __htab_map_lookup_elem
     1.77%  [kernel.kallsyms]                    [k] xp_alloc
     1.46%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.39%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.34%  libc.so.6                            [.] __poll
     1.21%  libc.so.6                            [.] __libc_recvfrom
     1.18%  [kernel.kallsyms]                    [k] xdp_do_redirect
     1.15%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.14%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     1.13%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.08%  [kernel.kallsyms]                    [k] fdget
     1.05%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     0.99%  [kernel.kallsyms]                    [k] __xdp_return
     0.87%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.85%  [kernel.kallsyms]                    [k] memcmp
