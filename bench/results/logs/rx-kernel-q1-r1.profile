    94.22%  [kernel.kallsyms]                  
     4.82%  libc.so.6                          
     0.66%  kernel-sink                        
     0.21%  [vdso]                             
     0.04%  memfd:sealed-91173221a7ea (deleted)
     0.02%  perf                               
     0.01%  bench-gen                          
     0.01%  libbpf.so.1.1.2                    
--
    20.71%  [kernel.kallsyms]                    [k] _copy_to_iter
    17.87%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
    12.15%  [kernel.kallsyms]                    [k] pvm_irq_enable
     7.51%  [kernel.kallsyms]                    [k] udp_recvmsg
     4.30%  [kernel.kallsyms]                    [k] skb_attempt_defer_free
     3.87%  [kernel.kallsyms]                    [k] _raw_spin_lock
     3.23%  libc.so.6                            [.] __recvmmsg
     2.70%  [kernel.kallsyms]                    [k] __check_object_size
     2.04%  [kernel.kallsyms]                    [k] build_detached_freelist
     1.61%  [kernel.kallsyms]                    [k] _raw_spin_lock_bh
     1.44%  [kernel.kallsyms]                    [k] skb_release_data
     1.41%  [kernel.kallsyms]                    [k] native_queued_spin_lock_slowpath
     1.25%  [kernel.kallsyms]                    [k] copy_iovec_from_user
     1.12%  [kernel.kallsyms]                    [k] udp_rmem_release
     1.12%  [kernel.kallsyms]                    [k] ____sys_recvmsg
     1.05%  [kernel.kallsyms]                    [k] __skb_try_recv_from_queue
     1.00%  libc.so.6                            [.] __poll
     0.97%  [kernel.kallsyms]                    [k] __skb_recv_udp
     0.96%  [kernel.kallsyms]                    [k] fdget
     0.86%  [kernel.kallsyms]                    [k] kmem_cache_free_bulk
     0.64%  [kernel.kallsyms]                    [k] page_pool_put_unrefed_netmem
     0.62%  kernel-sink                          [.] run
     0.59%  [kernel.kallsyms]                    [k] _copy_from_user
     0.58%  [kernel.kallsyms]                    [k] __virt_addr_valid
     0.54%  [kernel.kallsyms]                    [k] fput
