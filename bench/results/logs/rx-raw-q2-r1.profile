    91.57%  [kernel.kallsyms]                  
     3.75%  bpf_prog_721128825aa5fb37_bench_gen
     1.95%  libc.so.6                          
     1.66%  bpf_prog_86fd84f7aed8d530_bench_xsk
     0.54%  xsk-raw                            
     0.24%  libxdp.so.1.3.0                    
     0.12%  [vdso]                             
     0.12%  bpf_dispatcher_xdp                 
     0.03%  perf                               
     0.02%  ld-linux-x86-64.so.2               
     0.01%  memfd:sealed-91173221a7ea (deleted)
     0.00%  bench-gen                          
--
    29.12%  [kernel.kallsyms]                    [k] pvm_irq_enable
    12.15%  [kernel.kallsyms]                    [k] __pi_memcpy
    10.36%  [kernel.kallsyms]                    [k] _raw_spin_lock
     7.89%  [kernel.kallsyms]                    [k] xdp_test_run_batch.constprop.0
     3.75%  bpf_prog_721128825aa5fb37_bench_gen  [k] bpf_prog_721128825aa5fb37_bench_gen
     2.96%  [kernel.kallsyms]                    [k] veth_xdp_rcv_one
     2.34%  [kernel.kallsyms]                    [k] xp_alloc
     1.86%  [kernel.kallsyms]                    [k] page_pool_refill_alloc_cache
     1.68%  libc.so.6                            [.] __poll
     1.66%  bpf_prog_86fd84f7aed8d530_bench_xsk  [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     1.60%  [kernel.kallsyms]                    [k] __xsk_rcv
     1.55%  [kernel.kallsyms]                    [k] veth_xdp_xmit
     1.54%  [kernel.kallsyms]                    [k] veth_xdp_rcv
     1.52%  [kernel.kallsyms]                    [k] __xsk_map_redirect
     1.24%  [kernel.kallsyms]                    [k] xdp_do_redirect_frame
     1.13%  [kernel.kallsyms]                    [k] xdp_do_redirect
     1.08%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.81%  [kernel.kallsyms]                    [k] bq_enqueue
     0.76%  [kernel.kallsyms]                    [k] fdget
     0.75%  [kernel.kallsyms]                    [k] __xdp_return
     0.73%  [kernel.kallsyms]                    [k] xsk_map_redirect
     0.73%  [kernel.kallsyms]                    [k] page_pool_alloc_pages
     0.66%  [kernel.kallsyms]                    [k] sock_poll
     0.64%  [kernel.kallsyms]                    [k] dev_xdp_enqueue
     0.63%  [kernel.kallsyms]                    [k] do_sys_poll
