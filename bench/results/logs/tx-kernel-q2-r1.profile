    98.43%  [kernel.kallsyms]                    
     0.87%  libc.so.6                            
     0.51%  bpf_prog_039087406ade3dd7_bench_count
     0.11%  kernel-sink                          
     0.03%  memfd:sealed-91173221a7ea (deleted)  
     0.03%  [vdso]                               
     0.01%  ld-linux-x86-64.so.2                 
     0.01%  perf                                 
     0.00%  libbpf.so.1.1.2                      
--
    10.48%  [kernel.kallsyms]                      [k] sk_dst_check
     9.75%  [kernel.kallsyms]                      [k] dst_release
     4.32%  [kernel.kallsyms]                      [k] lookup_nulls_elem_raw
     3.65%  [kernel.kallsyms]                      [k] pvm_irq_enable
     3.26%  [kernel.kallsyms]                      [k] memcmp
     2.64%  [kernel.kallsyms]                      [k] veth_poll
     2.43%  [kernel.kallsyms]                      [k] kmem_cache_alloc_node_noprof
     2.14%  [kernel.kallsyms]                      [k] pvclock_clocksource_read_nowd
     2.02%  [kernel.kallsyms]                      [k] sock_wfree
     2.00%  [kernel.kallsyms]                      [k] __ip_make_skb
     1.88%  [kernel.kallsyms]                      [k] net_rx_action
     1.86%  [kernel.kallsyms]                      [k] kfree
     1.79%  [kernel.kallsyms]                      [k] udp_sendmsg
     1.73%  [kernel.kallsyms]                      [k] __ip_append_data
     1.73%  [kernel.kallsyms]                      [k] veth_xmit
     1.65%  [kernel.kallsyms]                      [k] skb_pp_cow_data
     1.56%  [kernel.kallsyms]                      [k] kmem_cache_free
     1.48%  [kernel.kallsyms]                      [k] __rcu_read_lock
     1.22%  [kernel.kallsyms]                      [k] copy_from_kernel_nofault
     1.14%  [kernel.kallsyms]                      [k] kvm_clock_get_cycles
     1.13%  [kernel.kallsyms]                      [k] __bpf_prog_enter_recur
     1.11%  [kernel.kallsyms]                      [k] __rcu_read_unlock
     1.02%  [kernel.kallsyms]                      [k] veth_xdp_rcv
     0.99%  [kernel.kallsyms]                      [k] ___sys_sendmsg
     0.90%  [kernel.kallsyms]                      [k] udp_send_skb
