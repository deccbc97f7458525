// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * tests/integration/vlan.sh's VLAN switch, for a kernel built without
 * 8021q (no VLAN interfaces) and without VLAN-filtering bridges, as the
 * test machine's is: tc programs joining a "trunk" device, which carries
 * VLANs VID_A and VID_B tagged and the rest untagged, to one "port" device
 * per VLAN (a veth whose peer holds the VLAN's addresses, standing in for
 * the VLAN interface). Built once per role (-DROLE_TRUNK, -DROLE_PORT_A,
 * -DROLE_PORT_B) with the ifindexes as -D macros: tc's loader takes one
 * program per object file.
 *
 *   trunk ingress: tagged VID_A or VID_B: the tag popped, the frame out of
 *     the VLAN's port device (its peer receives it); anything else stays
 *     (untagged: the trunk's own addresses; another VLAN: the kernel,
 *     without 8021q, drops it)
 *   port ingress (what the VLAN's interface sent): the VLAN's tag pushed,
 *     out of the trunk (its TX queue QUEUE, if given, so that each VLAN
 *     reaches the far end on a queue of its own)
 *
 * At tc ingress the kernel has already moved an in-frame tag into the
 * skb's metadata (skb_vlan_untag()), so vlan_present/vlan_tci tell it
 * either way. A pushed tag is metadata too: the trunk's device writes it
 * into the frame on the way out unless it offloads it (tx-vlan-offload),
 * which is why the bed turns that off where frames reach afudp.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifdef ROLE_TRUNK
SEC("tc")
int trunk_in(struct __sk_buff *skb)
{
	__u32 vid, port;

	if (!skb->vlan_present)
		return TC_ACT_OK;
	vid = skb->vlan_tci & 0x0fff;
	if (vid == VID_A)
		port = PORT_A;
	else if (vid == VID_B)
		port = PORT_B;
	else
		return TC_ACT_OK;
	if (bpf_skb_vlan_pop(skb))
		return TC_ACT_SHOT;
	return bpf_redirect(port, 0);
}
#else
SEC("tc")
int port_in(struct __sk_buff *skb)
{
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), VID))
		return TC_ACT_SHOT;
#ifdef QUEUE
	/*
	 * Out of the trunk's TX queue QUEUE, so into its peer's RX queue
	 * QUEUE: a device without an XPS map takes the TX queue from the
	 * recorded RX queue (skb_tx_hash()), which is queue_mapping - 1.
	 */
	skb->queue_mapping = QUEUE + 1;
#endif
	return bpf_redirect(TRUNK, 0);
}
#endif

char _license[] SEC("license") = "Dual BSD/GPL";
