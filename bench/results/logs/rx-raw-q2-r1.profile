    91.67%  [kernel.kallsyms]                  
     3.39%  bpf_prog_721128825aa5fb37_bench_gen
     2.21%  libc.so.6                          
     1.47%  bpf_prog_86fd84f7aed8d530_bench_xsk
     0.69%  xsk-raw                            
     0.20%  [vdso]                             
     0.16%  bpf_dispatcher_xdp                 
     0.13%  libxdp.so.1.3.0                    
     0.06%  ld-linux-x86-64.so.2               
     0.02%  perf                               
--
    34.11%  [kernel.kallsyms]                    [k] pvm_irq_enable
    10.59%  [kernel.kallsyms]                    [k] __pi_memcpy
     7.56%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     4.58%  [kernel.kallsyms]                    [k] _raw_spin_lock
     3.39%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.42%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     2.23%  [kernel.kallsyms]                    [k] xp_alloc
     1.96%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.85%  libc.so.6                            [.] __poll
     1.71%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     1.71%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.63%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.47%  bpf_prog_86fd84f7aed8d530_bench_xsk  [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     1.36%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.32%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     1.24%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     1.17%  [kernel.kallsyms]                    [k] xdp_do_redirect
     1.10%  [kernel.kallsyms]                    [k] fdget
     1.01%  [kernel.kallsyms]                    [k] bq_enqueue
     0.90%  [kernel.kallsyms]                    [k] dev_get_by_index_rcu
     0.90%  [kernel.kallsyms]                    [k] sock_poll
     0.85%  [kernel.kallsyms]                    [k] page_pool_alloc_pages
     0.82%  [kernel.kallsyms]                    [k] __xdp_return
     0.76%  [kernel.kallsyms]                    [k] do_sys_poll
     0.67%  xsk-raw                              [.] rx_loop
