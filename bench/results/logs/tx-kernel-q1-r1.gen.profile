    99.43%  [kernel.kallsyms]                  
     0.35%  libc.so.6                          
     0.11%  ld-linux-x86-64.so.2               
     0.03%  [vdso]                             
     0.03%  kernel-sink                        
     0.03%  memfd:sealed-91173221a7ea (deleted)
     0.03%  sleep                              
--
    97.09%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
     1.21%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.16%  [kernel.kallsyms]                    [k] damon_pa_batch_lock
     0.13%  [kernel.kallsyms]                    [k] copy_folio_from_iter_atomic
     0.11%  libc.so.6                            [.] clock_nanosleep@GLIBC_2.2.5
     0.05%  [kernel.kallsyms]                    [k] do_idle
     0.05%  [kernel.kallsyms]                    [k] page_vma_mapped_walk
     0.05%  [kernel.kallsyms]                    [k] update_sd_lb_stats.constprop.0
     0.05%  libc.so.6                            [.] __poll
     0.03%  [kernel.kallsyms]                    [k] __anon_vma_interval_tree_subtree_search
     0.03%  [kernel.kallsyms]                    [k] __do_sys_newfstat
     0.03%  [kernel.kallsyms]                    [k] __futex_hash
     0.03%  [kernel.kallsyms]                    [k] __hrtimer_setup
     0.03%  [kernel.kallsyms]                    [k] __mark_inode_dirty
     0.03%  [kernel.kallsyms]                    [k] __schedule
     0.03%  [kernel.kallsyms]                    [k] __tlb_remove_folio_pages
     0.03%  [kernel.kallsyms]                    [k] __x64_sys_clock_nanosleep
     0.03%  [kernel.kallsyms]                    [k] _copy_to_user
     0.03%  [kernel.kallsyms]                    [k] do_filp_open
     0.03%  [kernel.kallsyms]                    [k] elf_load
     0.03%  [kernel.kallsyms]                    [k] folio_add_file_rmap_ptes
     0.03%  [kernel.kallsyms]                    [k] folio_unlock
     0.03%  [kernel.kallsyms]                    [k] get_mem_cgroup_from_mm
     0.03%  [kernel.kallsyms]                    [k] kmem_cache_free
     0.03%  [kernel.kallsyms]                    [k] mntput
