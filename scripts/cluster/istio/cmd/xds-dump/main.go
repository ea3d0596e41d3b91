// xds-dump asks istiod what Envoy configuration a given sidecar or gateway would receive. It connects to istiod's
// plaintext xDS port as that proxy, with the node id and metadata a real istio-proxy sends, over ADS (state of the
// world): it requests clusters (CDS) and listeners (LDS), then the endpoints (EDS) of every EDS cluster and the route
// configurations (RDS) the listeners name, and prints them as one JSON document:
//
//	{"node": {...}, "versions": {...}, "clusters": {name: Cluster}, "listeners": {name: Listener},
//	 "routes": {name: RouteConfiguration}, "endpoints": {cluster name: ClusterLoadAssignment}}
//
// Each resource is the Envoy v3 proto as protojson with the proto field names (snake_case, as Envoy's own
// /config_dump prints them). It exits with status 1 if istiod has not answered everything within --timeout.
// Envoy itself is not involved: this is what istiod would send, not what an Envoy would do with it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	// Register the types istiod puts into typed_config fields, so that protojson can print them: every Envoy
	// extension and Istio's own filters (istio's list), the TypedStructs, and Istio's stats filter.
	_ "github.com/cncf/xds/go/udpa/type/v1"
	_ "github.com/cncf/xds/go/xds/type/v3"
	_ "istio.io/api/envoy/extensions/stats"
	_ "istio.io/istio/pkg/config/xds"
)

const (
	typeCluster  = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	typeListener = "type.googleapis.com/envoy.config.listener.v3.Listener"
	typeRoute    = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
	typeEndpoint = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
)

var short = map[string]string{typeCluster: "cds", typeListener: "lds", typeRoute: "rds", typeEndpoint: "eds"}

func main() {
	istiod := flag.String("istiod", "127.0.0.1:15010", "istiod's plaintext xDS address")
	nodeType := flag.String("type", "sidecar", "sidecar, router (a gateway) or waypoint (an ambient waypoint)")
	pod := flag.String("pod", "", "the pod's name (required)")
	namespace := flag.String("namespace", "default", "the pod's namespace")
	ip := flag.String("ip", "", "the pod's IP (required)")
	labels := flag.String("labels", "", "the pod's labels, k=v,k=v")
	serviceAccount := flag.String("service-account", "default", "the pod's ServiceAccount")
	istioVersion := flag.String("istio-version", "1.30.0", "the ISTIO_VERSION the proxy claims")
	clusterID := flag.String("cluster-id", "Kubernetes", "the CLUSTER_ID istiod knows its cluster by")
	domain := flag.String("domain", "cluster.local", "the cluster's DNS domain")
	timeout := flag.Duration("timeout", 15*time.Second, "give up after this long")
	flag.Parse()
	if *pod == "" || *ip == "" || (*nodeType != "sidecar" && *nodeType != "router" && *nodeType != "waypoint") {
		fmt.Fprintln(os.Stderr, "usage: xds-dump --type sidecar|router|waypoint --pod NAME --namespace NS --ip IP "+
			"[--labels k=v,...] [--service-account SA] [--istiod 127.0.0.1:15010] [--timeout 15s]")
		os.Exit(2)
	}

	labelMap := map[string]any{}
	for _, kv := range strings.Split(*labels, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			labelMap[k] = v
		}
	}
	// The node id istio-proxy sends: TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.DOMAIN. The metadata is the part of Istio's
	// NodeMetadata istiod needs to find the pod and its services; the rest it takes from the pod in the API server.
	id := fmt.Sprintf("%s~%s~%s.%s~%s.svc.%s", *nodeType, *ip, *pod, *namespace, *namespace, *domain)
	metadata, err := structpb.NewStruct(map[string]any{
		"NAMESPACE":       *namespace,
		"NAME":            *pod,
		"LABELS":          labelMap,
		"INSTANCE_IPS":    *ip,
		"ISTIO_VERSION":   *istioVersion,
		"CLUSTER_ID":      *clusterID,
		"SERVICE_ACCOUNT": *serviceAccount,
	})
	if err != nil {
		fail("metadata: %v", err)
	}
	node := &core.Node{Id: id, Metadata: metadata}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	conn, err := grpc.NewClient(*istiod, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(256<<20)))
	if err != nil {
		fail("connect to %s: %v", *istiod, err)
	}
	defer conn.Close()
	stream, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		fail("ADS stream to %s: %v", *istiod, err)
	}

	d := &dump{
		clusters: map[string]*cluster.Cluster{}, listeners: map[string]*listener.Listener{},
		routes: map[string]*route.RouteConfiguration{}, endpoints: map[string]*endpoint.ClusterLoadAssignment{},
		versions: map[string]string{}, received: map[string]bool{},
	}
	send := func(typeURL string, names []string, version, nonce string) {
		req := &discovery.DiscoveryRequest{
			Node: node, TypeUrl: typeURL, ResourceNames: names, VersionInfo: version, ResponseNonce: nonce,
		}
		if err := stream.Send(req); err != nil {
			fail("send %s request: %v", short[typeURL], err)
		}
	}
	send(typeCluster, nil, "", "")
	send(typeListener, nil, "", "")

	var edsNames, rdsNames []string // requested after CDS and LDS arrived
	for !d.complete(edsNames, rdsNames) {
		resp, err := stream.Recv()
		if err != nil {
			fail("waiting for %s from istiod at %s: %v (node %s)", d.missing(edsNames, rdsNames), *istiod, err, id)
		}
		if err := d.add(resp); err != nil {
			fail("%v", err)
		}
		// ACK, naming the resources we still want; the first CDS and LDS answers lead to the EDS and RDS requests
		var wanted []string
		switch resp.TypeUrl {
		case typeEndpoint:
			wanted = edsNames
		case typeRoute:
			wanted = rdsNames
		}
		send(resp.TypeUrl, wanted, resp.VersionInfo, resp.Nonce)
		if resp.TypeUrl == typeCluster && edsNames == nil {
			edsNames = d.edsClusterNames()
			if len(edsNames) > 0 {
				send(typeEndpoint, edsNames, "", "")
			}
		}
		if resp.TypeUrl == typeListener && rdsNames == nil {
			rdsNames = d.routeNames()
			if len(rdsNames) > 0 {
				send(typeRoute, rdsNames, "", "")
			}
		}
	}

	out := map[string]any{
		"node":      map[string]any{"id": id, "metadata": metadata.AsMap()},
		"versions":  d.versions,
		"clusters":  marshalAll(d.clusters),
		"listeners": marshalAll(d.listeners),
		"routes":    marshalAll(d.routes),
		"endpoints": marshalAll(d.endpoints),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fail("print: %v", err)
	}
}

type dump struct {
	clusters  map[string]*cluster.Cluster
	listeners map[string]*listener.Listener
	routes    map[string]*route.RouteConfiguration
	endpoints map[string]*endpoint.ClusterLoadAssignment
	versions  map[string]string // type (cds, lds, rds, eds) -> version_info of the answer kept
	received  map[string]bool
}

// add keeps the resources of one answer; a later answer of the same type replaces the earlier one (state of the world)
func (d *dump) add(resp *discovery.DiscoveryResponse) error {
	t := short[resp.TypeUrl]
	for _, any := range resp.Resources {
		switch resp.TypeUrl {
		case typeCluster:
			c := &cluster.Cluster{}
			if err := any.UnmarshalTo(c); err != nil {
				return fmt.Errorf("cds: %v", err)
			}
			d.clusters[c.Name] = c
		case typeListener:
			l := &listener.Listener{}
			if err := any.UnmarshalTo(l); err != nil {
				return fmt.Errorf("lds: %v", err)
			}
			d.listeners[l.Name] = l
		case typeRoute:
			r := &route.RouteConfiguration{}
			if err := any.UnmarshalTo(r); err != nil {
				return fmt.Errorf("rds: %v", err)
			}
			d.routes[r.Name] = r
		case typeEndpoint:
			e := &endpoint.ClusterLoadAssignment{}
			if err := any.UnmarshalTo(e); err != nil {
				return fmt.Errorf("eds: %v", err)
			}
			d.endpoints[e.ClusterName] = e
		}
	}
	if t != "" {
		d.versions[t] = resp.VersionInfo
		d.received[t] = true
	}
	return nil
}

func (d *dump) complete(eds, rds []string) bool {
	return d.missing(eds, rds) == ""
}

// missing names what has not arrived yet, "" when everything has
func (d *dump) missing(eds, rds []string) string {
	var m []string
	if !d.received["cds"] {
		m = append(m, "clusters (CDS)")
	}
	if !d.received["lds"] {
		m = append(m, "listeners (LDS)")
	}
	for _, n := range eds {
		if _, ok := d.endpoints[n]; !ok {
			m = append(m, "endpoints (EDS) of "+n)
			break
		}
	}
	for _, n := range rds {
		if _, ok := d.routes[n]; !ok {
			m = append(m, "route (RDS) "+n)
			break
		}
	}
	return strings.Join(m, ", ")
}

// edsClusterNames: the clusters whose endpoints come over EDS, by the name they are requested with
func (d *dump) edsClusterNames() []string {
	names := []string{}
	for _, c := range d.clusters {
		if c.GetType() == cluster.Cluster_EDS {
			name := c.Name
			if s := c.GetEdsClusterConfig().GetServiceName(); s != "" {
				name = s
			}
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// routeNames: the route configurations the listeners' HTTP connection managers take from RDS
func (d *dump) routeNames() []string {
	set := map[string]bool{}
	for _, l := range d.listeners {
		chains := append([]*listener.FilterChain{}, l.FilterChains...)
		if l.DefaultFilterChain != nil {
			chains = append(chains, l.DefaultFilterChain)
		}
		for _, fc := range chains {
			for _, f := range fc.Filters {
				m := &hcm.HttpConnectionManager{}
				if f.GetTypedConfig() == nil || !f.GetTypedConfig().MessageIs(m) {
					continue
				}
				if err := f.GetTypedConfig().UnmarshalTo(m); err != nil {
					continue
				}
				if n := m.GetRds().GetRouteConfigName(); n != "" {
					set[n] = true
				}
			}
		}
	}
	names := []string{}
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func marshalAll[T proto.Message](m map[string]T) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for name, msg := range m {
		b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(msg)
		if err != nil {
			fail("print %s: %v", name, err)
		}
		out[name] = b
	}
	return out
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "xds-dump: "+format+"\n", args...)
	os.Exit(1)
}
