    92.40%  [kernel.kallsyms]                  
     4.80%  bpf_prog_721128825aa5fb37_bench_gen
     2.45%  bpf_prog_86fd84f7aed8d530_bench_xsk
     0.29%  bpf_dispatcher_xdp                 
     0.04%  libc.so.6                          
     0.01%  ld-linux-x86-64.so.2               
     0.01%  perf                               
--
    23.85%  [kernel.kallsyms]                    [k] _raw_spin_lock
    16.49%  [kernel.kallsyms]                    [k] __xsk_rcv
    16.47%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     4.80%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     3.72%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     3.69%  [kernel.kallsyms]                    [k] __pi_memcpy
     3.42%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     3.36%  [kernel.kallsyms]                    [k] xp_alloc
     2.45%  bpf_prog_86fd84f7aed8d530_bench_xsk  [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     2.09%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.63%  [kernel.kallsyms]                    [k] xdp_do_redirect
     1.58%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     1.56%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     1.52%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.43%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.13%  [kernel.kallsyms]                    [k] bq_enqueue
     0.90%  [kernel.kallsyms]                    [k] __xdp_return
     0.87%  [kernel.kallsyms]                    [k] xsk_map_redirect
     0.82%  [kernel.kallsyms]                    [k] page_pool_alloc_pages
     0.79%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.68%  [kernel.kallsyms]                    [k] xdp_return_frame
     0.60%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.53%  [kernel.kallsyms]                    [k] dev_get_by_index_rcu
     0.53%  [kernel.kallsyms]                    [k] veth_poll
     0.51%  [kernel.kallsyms]                    [k] bq_xmit_all
