    99.57%  [kernel.kallsyms]                  
     0.34%  libc.so.6                          
     0.03%  ld-linux-x86-64.so.2               
     0.03%  xsk-raw                            
     0.01%  [vdso]                             
     0.01%  memfd:sealed-91173221a7ea (deleted)
     0.01%  libbpf.so.1.1.2                    
     0.01%  perf                               
--
    98.66%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
     0.50%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.13%  libc.so.6                            [.] clock_nanosleep@GLIBC_2.2.5
     0.06%  [kernel.kallsyms]                    [k] damon_pa_batch_lock
     0.05%  libc.so.6                            [.] __nanosleep
     0.04%  libc.so.6                            [.] __poll
     0.04%  libc.so.6                            [.] clock_gettime@@GLIBC_2.17
     0.03%  [kernel.kallsyms]                    [k] copy_folio_from_iter_atomic
     0.03%  [kernel.kallsyms]                    [k] __get_user_8
     0.03%  [kernel.kallsyms]                    [k] pfn_to_online_page
     0.02%  [kernel.kallsyms]                    [k] page_vma_mapped_walk
     0.02%  [kernel.kallsyms]                    [k] ptep_test_and_clear_young
     0.02%  xsk-raw                              [.] main
     0.01%  [kernel.kallsyms]                    [k] __srcu_read_unlock
     0.01%  [kernel.kallsyms]                    [k] __x64_sys_clock_nanosleep
     0.01%  [kernel.kallsyms]                    [k] _copy_from_user
     0.01%  [kernel.kallsyms]                    [k] native_set_pud
     0.01%  [vdso]                               [.] __vdso_clock_gettime
     0.01%  ld-linux-x86-64.so.2                 [.] _start
     0.01%  libc.so.6                            [.] usleep
     0.01%  [kernel.kallsyms]                    [k] ___pte_offset_map
     0.01%  [kernel.kallsyms]                    [k] __anon_vma_interval_tree_subtree_search
     0.01%  [kernel.kallsyms]                    [k] __damon_get_folio
     0.01%  [kernel.kallsyms]                    [k] __futex_hash
     0.01%  [kernel.kallsyms]                    [k] __rcu_read_lock
