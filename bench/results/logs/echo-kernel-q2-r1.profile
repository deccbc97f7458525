    86.69%  [kernel.kallsyms]                    
     7.89%  libc.so.6                            
     2.08%  libafudp.so.0.0.0                    
     1.43%  afudp-echo                           
     1.40%  bpf_prog_721128825aa5fb37_bench_gen  
     0.25%  bpf_prog_039087406ade3dd7_bench_count
     0.07%  bpf_dispatcher_xdp                   
     0.06%  ld-linux-x86-64.so.2                 
     0.06%  memfd:sealed-91173221a7ea (deleted)  
     0.05%  bpf_prog_614b434cd8324ecc_bench_pass 
     0.01%  bench-gen                            
     0.01%  perf                                 
--
    13.96%  [kernel.kallsyms]                      [k] pvm_irq_enable
     4.03%  libc.so.6                              [.] __libc_sendmsg
     3.68%  [kernel.kallsyms]                      [k] __udp_enqueue_schedule_skb
     3.13%  libc.so.6                              [.] __libc_recvfrom
     2.29%  [kernel.kallsyms]                      [k] fdget
     2.11%  [kernel.kallsyms]                      [k] _raw_spin_lock
     2.00%  [kernel.kallsyms]                      [k] fib_table_lookup
     1.54%  [kernel.kallsyms]                      [k] skb_defer_free_flush
     1.43%  afudp-echo                             [.] serve
     1.40%  bpf_prog_721128825aa5fb37_bench_gen    [k] bpf_prog_721128825aa5fb37_bench_gen
     1.38%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     1.38%  [kernel.kallsyms]                      [k] xdp_test_run_batch.constprop.0
     1.35%  [kernel.kallsyms]                      [k] ip_rcv_core
     1.29%  [kernel.kallsyms]                      [k] __netif_receive_skb_core.constprop.0
     1.27%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.23%  [kernel.kallsyms]                      [k] __list_del_entry_valid_or_report
     1.14%  [kernel.kallsyms]                      [k] __udp4_lib_rcv
     1.07%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     1.04%  [kernel.kallsyms]                      [k] __udp4_lib_lookup
     1.04%  [kernel.kallsyms]                      [k] csum_partial
     1.03%  [kernel.kallsyms]                      [k] __xdp_build_skb_from_frame
     1.02%  [kernel.kallsyms]                      [k] veth_xmit
     1.01%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     0.97%  [kernel.kallsyms]                      [k] ip_finish_output2
     0.96%  [kernel.kallsyms]                      [k] udp4_lib_lookup2
