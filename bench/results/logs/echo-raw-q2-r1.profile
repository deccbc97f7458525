    88.76%  [kernel.kallsyms]                    
     5.71%  bpf_prog_721128825aa5fb37_bench_gen  
     2.17%  bpf_prog_86fd84f7aed8d530_bench_xsk  
     1.41%  libc.so.6                            
     0.95%  xsk-raw                              
     0.62%  bpf_prog_039087406ade3dd7_bench_count
     0.24%  bpf_dispatcher_xdp                   
     0.04%  [vdso]                               
     0.04%  libxdp.so.1.3.0                      
     0.02%  ld-linux-x86-64.so.2                 
     0.01%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  perf                                 
--
    11.65%  [kernel.kallsyms]                      [k] pvm_irq_enable
     8.41%  [kernel.kallsyms]                      [k] _raw_spin_lock
     6.54%  [kernel.kallsyms]                      [k] __pi_memcpy
     5.71%  bpf_prog_721128825aa5fb37_bench_gen    [k] bpf_prog_721128825aa5fb37_bench_gen
     4.24%  [kernel.kallsyms]                      [k] xdp_test_run_batch.constprop.0
     3.74%  [kernel.kallsyms]                      [k] veth_xdp_rcv_one
     2.46%  [kernel.kallsyms]                      [k] veth_poll
     2.40%  [kernel.kallsyms]                      [k] xp_alloc
     2.35%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     2.17%  bpf_prog_86fd84f7aed8d530_bench_xsk    [k] bpf_prog_86fd84f7aed8d530_bench_xsk
     2.09%  [kernel.kallsyms]                      [k] veth_xdp_xmit
     2.04%  [kernel.kallsyms]                      [k] __xsk_rcv
     1.84%  [kernel.kallsyms]                      [k] xdp_do_redirect_frame
     1.64%  [kernel.kallsyms]                      [k] __xsk_map_redirect
     1.60%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.59%  [kernel.kallsyms]                      [k] page_pool_put_unrefed_netmem
     1.46%  [kernel.kallsyms]                      [k] xdp_do_redirect
     1.44%  [kernel.kallsyms]                      [k] net_rx_action
     1.35%  [kernel.kallsyms]                      [k] page_pool_refill_alloc_cache
     1.22%  [kernel.kallsyms]                      [k] veth_xmit
     1.13%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.04%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.02%  [kernel.kallsyms]                      [k] _find_next_bit
     1.00%  [kernel.kallsyms]                      [k] bq_enqueue
     1.00%  [kernel.kallsyms]                      [k] napi_complete_done
