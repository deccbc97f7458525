    99.72%  [kernel.kallsyms]
     0.23%  libc.so.6        
     0.02%  afudp-sink       
     0.01%  perf             
     0.01%  [vdso]           
     0.01%  bench-gen        
--
    99.09%  [kernel.kallsyms]  [k] pvm_safe_halt_hc
     0.23%  [kernel.kallsyms]  [k] pvm_irq_enable
     0.13%  libc.so.6          [.] clock_nanosleep@GLIBC_2.2.5
     0.09%  [kernel.kallsyms]  [k] damon_pa_batch_lock
     0.05%  [kernel.kallsyms]  [k] ptep_test_and_clear_young
     0.04%  libc.so.6          [.] __GI___printf_fp_l
     0.03%  libc.so.6          [.] __poll
     0.02%  afudp-sink         [.] main
     0.01%  [kernel.kallsyms]  [k] __damon_get_folio
     0.01%  [kernel.kallsyms]  [k] __srcu_read_lock
     0.01%  [kernel.kallsyms]  [k] common_nsleep
     0.01%  [kernel.kallsyms]  [k] copy_folio_from_iter_atomic
     0.01%  [kernel.kallsyms]  [k] exit_to_user_mode_loop
     0.01%  [kernel.kallsyms]  [k] native_set_pud
     0.01%  [kernel.kallsyms]  [k] page_vma_mapped_walk
     0.01%  [kernel.kallsyms]  [k] pfn_to_online_page
     0.01%  perf               [.] 0x000000000009deae
     0.01%  [kernel.kallsyms]  [k] __ext4_get_inode_loc
     0.01%  [kernel.kallsyms]  [k] __get_user_8
     0.01%  [kernel.kallsyms]  [k] __rcu_read_lock
     0.01%  [kernel.kallsyms]  [k] _copy_from_user
     0.01%  [kernel.kallsyms]  [k] balance_dirty_pages_ratelimited_flags
     0.01%  [kernel.kallsyms]  [k] buffer_check_dirty_writeback
     0.01%  [kernel.kallsyms]  [k] check_pte
     0.01%  [kernel.kallsyms]  [k] damon_pa_prepare_access_checks
