    99.31%  [kernel.kallsyms]                  
     0.31%  libc.so.6                          
     0.23%  ld-linux-x86-64.so.2               
     0.10%  memfd:sealed-91173221a7ea (deleted)
     0.03%  [vdso]                             
     0.03%  afudp-sink                         
--
    97.88%  [kernel.kallsyms]                    [k] pvm_safe_halt_hc
     0.46%  [kernel.kallsyms]                    [k] pvm_irq_enable
     0.18%  [kernel.kallsyms]                    [k] copy_folio_from_iter_atomic
     0.13%  [kernel.kallsyms]                    [k] damon_pa_batch_lock
     0.10%  libc.so.6                            [.] clock_nanosleep@GLIBC_2.2.5
     0.05%  [kernel.kallsyms]                    [k] __schedule
     0.05%  [kernel.kallsyms]                    [k] native_set_p4d
     0.05%  [kernel.kallsyms]                    [k] unmap_page_range
     0.05%  ld-linux-x86-64.so.2                 [.] do_lookup_x
     0.03%  [kernel.kallsyms]                    [k] __bpf_prog_enter_recur
     0.03%  [kernel.kallsyms]                    [k] __memcg_slab_free_hook
     0.03%  [kernel.kallsyms]                    [k] __memcg_slab_post_alloc_hook
     0.03%  [kernel.kallsyms]                    [k] _copy_from_user
     0.03%  [kernel.kallsyms]                    [k] _raw_spin_lock
     0.03%  [kernel.kallsyms]                    [k] anon_vma_interval_tree_remove
     0.03%  [kernel.kallsyms]                    [k] cap_task_setscheduler
     0.03%  [kernel.kallsyms]                    [k] common_nsleep
     0.03%  [kernel.kallsyms]                    [k] damon_folio_mkold_one
     0.03%  [kernel.kallsyms]                    [k] elf_load
     0.03%  [kernel.kallsyms]                    [k] ext4_file_getattr
     0.03%  [kernel.kallsyms]                    [k] mod_memcg_state
     0.03%  [kernel.kallsyms]                    [k] next_uptodate_folio
     0.03%  [kernel.kallsyms]                    [k] page_vma_mapped_walk
     0.03%  [kernel.kallsyms]                    [k] pte_alloc_one
     0.03%  [kernel.kallsyms]                    [k] ptep_test_and_clear_young
