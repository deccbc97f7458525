    89.87%  [kernel.kallsyms]                    
     4.66%  bpf_prog_721128825aa5fb37_bench_gen  
     2.48%  bpf_prog_86fd84f7aed8d530_bench_xsk  
     1.04%  libc.so.6                            
     0.95%  xsk-raw                              
     0.57%  bpf_prog_039087406ade3dd7_bench_count
     0.22%  bpf_dispatcher_xdp                   
     0.06%  [vdso]                               
     0.05%  ld-linux-x86-64.so.2                 
     0.04%  libxdp.so.1.3.0                      
     0.02%  memfd:sealed-91173221a7ea (deleted)  
     0.02%  perf                                 
--
    10.53%  [kernel.kallsyms]                      [k] pvm_irq_enable
     7.74%  [kernel.kallsyms]                      [k] __pi_memcpy
     7.21%  [kernel.kallsyms]                      [k] _raw_spin_lock
     4.66%  bpf_prog_721128825aa5fb37_bench_gen    [k] bpf_prog_721128825aa5fb37_bench_gen
     4.04%  [kernel.kallsyms]                      [k] xdp_test_run_batch.constprop.0
     3.63%  [kernel.kallsyms]                      [k] veth_xdp_rcv_one
     2.99%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     2.48%  bpf_prog_86fd84f7aed8d530_bench_xsk    [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     2.33%  [kernel.kallsyms]                      [k] veth_poll
     2.05%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.88%  [kernel.kallsyms]                      [k] __xsk_map_redirect
     1.84%  [kernel.kallsyms]                      [k] xp_alloc
     1.83%  [kernel.kallsyms]                      [k] __xsk_rcv
     1.83%  [kernel.kallsyms]                      [k] xdp_do_redirect_frame
     1.70%  [kernel.kallsyms]                      [k] xdp_do_redirect
     1.67%  [kernel.kallsyms]                      [k] veth_xdp_xmit
     1.63%  [kernel.kallsyms]                      [k] page_pool_put_unrefed_netmem
     1.61%  [kernel.kallsyms]                      [k] net_rx_action
     1.46%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.38%  [kernel.kallsyms]                      [k] page_pool_refill_alloc_cache
     1.37%  [kernel.kallsyms]                      [k] bq_enqueue
     1.36%  [kernel.kallsyms]                      [k] veth_xmit
     1.12%  [kernel.kallsyms]                      [k] __xdp_return
     1.07%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.01%  [kernel.kallsyms]                      [k] kfree
