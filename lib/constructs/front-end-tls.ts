import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** TLS policy of every TLS listener: TLS 1.3 and 1.2 with forward secrecy and hybrid post-quantum key exchange. */
export const FRONT_END_TLS_POLICY = elbv2.SslPolicy.TLS13_12_PQ;
