    77.82%  [kernel.kallsyms]                              
    13.24%  libc.so.6                                      
     8.19%  nsd                                            
     0.22%  bpf_prog_3a9990d42c91205a_xdp_redirect_dns_func
     0.22%  [unknown]                                      
     0.10%  ld-linux-x86-64.so.2                           
     0.08%  libevent-2.1.so.7.0.1                          
     0.08%  bash                                           
     0.03%  memfd:sealed-91173221a7ea (deleted)            
     0.02%  [vdso]                                         
     0.00%  bpf_dispatcher_xdp                             
     0.00%  libtinfo.so.6.4                                
--
    21.11%  [kernel.kallsyms]                                [k] pvm_irq_enable
     6.99%  libc.so.6                                        [.] __libc_sendto
     5.91%  libc.so.6                                        [.] __libc_recvfrom
     5.40%  [kernel.kallsyms]                                [k] __xsk_map_redirect
     5.10%  [kernel.kallsyms]                                [k] pvm_safe_halt_hc
     3.62%  [kernel.kallsyms]                                [k] fdget
     2.66%  [kernel.kallsyms]                                [k] page_frag_free
     2.28%  [kernel.kallsyms]                                [k] lookup_nulls_elem_raw
     1.87%  [kernel.kallsyms]                                [k] __check_object_size
     1.43%  [kernel.kallsyms]                                [k] veth_xmit
     1.39%  [kernel.kallsyms]                                [k] ip_finish_output2
     1.37%  [kernel.kallsyms]                                [k] kmem_cache_alloc_node_noprof
     1.32%  [kernel.kallsyms]                                [k] csum_partial_copy_generic
     1.18%  nsd                                              [.] 0x0000000000057cce
     1.12%  [kernel.kallsyms]                                [k] __sys_sendto
     1.12%  [kernel.kallsyms]                                [k] fib_table_lookup
     1.00%  [kernel.kallsyms]                                [k] __ip_dev_find
     0.96%  [kernel.kallsyms]                                [k] __virt_addr_valid
     0.95%  [kernel.kallsyms]                                [k] sock_wfree
     0.91%  [kernel.kallsyms]                                [k] pvclock_clocksource_read_nowd
     0.91%  nsd                                              [.] 0x0000000000057ccb
     0.88%  [kernel.kallsyms]                                [k] skb_pp_cow_data
     0.86%  [kernel.kallsyms]                                [k] fib_lookup_good_nhc
     0.86%  nsd                                              [.] 0x0000000000057da7
     0.85%  [kernel.kallsyms]                                [k] sock_def_readable
