    99.12%  [kernel.kallsyms]                  
     0.59%  libc.so.6                          
     0.15%  ld-linux-x86-64.so.2               
     0.10%  memfd:sealed-91173221a7ea (deleted)
     0.03%  perf                               
--
    96.72%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
     0.96%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.23%  libc.so.6                            [.] clock_nanosleep@GLIBC_2.2.5
     0.13%  [kernel.kallsyms]                    [k] copy_folio_from_iter_atomic
     0.08%  [kernel.kallsyms]                    [k] damon_pa_batch_lock
     0.08%  libc.so.6                            [.] clock_gettime@@GLIBC_2.17
     0.05%  [kernel.kallsyms]                    [k] __get_user_8
     0.05%  [kernel.kallsyms]                    [k] __srcu_read_lock
     0.05%  [kernel.kallsyms]                    [k] native_set_pmd
     0.05%  [kernel.kallsyms]                    [k] page_vma_mapped_walk
     0.05%  [kernel.kallsyms]                    [k] ptep_test_and_clear_young
     0.05%  [kernel.kallsyms]                    [k] unmap_page_range
     0.05%  [kernel.kallsyms]                    [k] vma_interval_tree_iter_next
     0.05%  libc.so.6                            [.] getenv
     0.05%  memfd:sealed-91173221a7ea (deleted)  [.] 0x00000000000c584f
     0.03%  [kernel.kallsyms]                    [k] __damon_get_folio
     0.03%  [kernel.kallsyms]                    [k] __kmalloc_cache_noprof
     0.03%  [kernel.kallsyms]                    [k] __memcg_slab_free_hook
     0.03%  [kernel.kallsyms]                    [k] __raw_callee_save_pvm_irq_enable
     0.03%  [kernel.kallsyms]                    [k] __rseq_handle_notify_resume
     0.03%  [kernel.kallsyms]                    [k] __schedule
     0.03%  [kernel.kallsyms]                    [k] __vmf_anon_prepare
     0.03%  [kernel.kallsyms]                    [k] _copy_from_user
     0.03%  [kernel.kallsyms]                    [k] _copy_to_user
     0.03%  [kernel.kallsyms]                    [k] anon_vma_interval_tree_remove
