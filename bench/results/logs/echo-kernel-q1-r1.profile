    77.01%  [kernel.kallsyms]                    
    14.10%  libc.so.6                            
     6.34%  libafudp.so.0.0.0                    
     1.90%  afudp-echo                           
     0.58%  bpf_prog_039087406ade3dd7_bench_count
     0.05%  memfd:sealed-91173221a7ea (deleted)  
     0.01%  bpf_dispatcher_xdp                   
     0.01%  bench-gen                            
     0.01%  libbpf.so.1.1.2                      
--
    18.20%  [kernel.kallsyms]                      [k] pvm_irq_enable
     7.03%  libc.so.6                              [.] __libc_sendmsg
     6.67%  libc.so.6                              [.] __libc_recvfrom
     3.58%  [kernel.kallsyms]                      [k] fdget
     2.58%  [kernel.kallsyms]                      [k] page_pool_put_unrefed_netmem
     2.47%  [kernel.kallsyms]                      [k] fib_table_lookup
     2.10%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     1.93%  [kernel.kallsyms]                      [k] ip_route_output_key_hash_rcu
     1.90%  [kernel.kallsyms]                      [k] skb_attempt_defer_free
     1.89%  afudp-echo                             [.] serve
     1.80%  libafudp.so.0.0.0                      [.] afudp_tx_kern_sa
     1.78%  [kernel.kallsyms]                      [k] ip_finish_output2
     1.73%  [kernel.kallsyms]                      [k] __check_object_size
     1.62%  [kernel.kallsyms]                      [k] veth_xmit
     1.61%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     1.45%  [kernel.kallsyms]                      [k] udp_recvmsg
     1.39%  libafudp.so.0.0.0                      [.] zc_recv
     1.34%  [kernel.kallsyms]                      [k] fib_lookup_good_nhc
     1.30%  [kernel.kallsyms]                      [k] __ip_select_ident
     1.29%  [kernel.kallsyms]                      [k] fput
     1.21%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.10%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.06%  [kernel.kallsyms]                      [k] __virt_addr_valid
     1.06%  [kernel.kallsyms]                      [k] __bpf_prog_enter_recur
     1.00%  [kernel.kallsyms]                      [k] ____sys_sendmsg
