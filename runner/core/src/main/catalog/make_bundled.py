# Writes skyrun's bundled catalog snapshot from a small table of public list prices (USD/h,
# Linux, on-demand, base region) times a per-region factor; spot = on-demand x a typical
# discount for the family. Approximate by design: planning offline, not billing.
import os
OUT=os.path.join(os.path.dirname(os.path.abspath(__file__)), '../resources/dev/skyrun/catalog/bundled')
def w(cloud, header, rows):
    os.makedirs(f'{OUT}/{cloud}', exist_ok=True)
    with open(f'{OUT}/{cloud}/vms.csv','w') as f:
        f.write(header+'\n')
        for r in rows: f.write(','.join('' if x is None else (f'{x:.5f}'.rstrip('0').rstrip('.') if isinstance(x,float) else str(x)) for x in r)+'\n')
REGIONAL='InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region'
def w_regional(cloud, types, regions):
    """A cloud priced per region (aws, azure): each type in each of its regions, the price scaled by the region's factor."""
    rows=[]
    for t,acc,n,v,m,p,sf,regs in types:
        for r,fct in regions.items():
            if regs and r not in regs: continue
            od=round(p*fct,5); rows.append((t,acc,n,float(v),float(m),od,round(od*sf,5),r))
    w(cloud,REGIONAL,rows)
# ---- AWS ----
aws_regions={'us-east-1':1.0,'us-east-2':1.0,'us-west-2':1.0,'eu-west-1':1.11,'eu-central-1':1.19,'ap-northeast-1':1.27}
# type, acc, count, vcpu, mem, price(us-east-1), spot factor, regions (None = all)
gpu_main=['us-east-1','us-east-2','us-west-2','eu-west-1','eu-central-1','ap-northeast-1']
big=['us-east-1','us-east-2','us-west-2']
aws=[]
def A(t,acc,n,v,m,p,sf,regs=None): aws.append((t,acc,n,v,m,p,sf,regs))
for s,v,m,p in [('large',2,8,.096),('xlarge',4,16,.192),('2xlarge',8,32,.384),('4xlarge',16,64,.768),('8xlarge',32,128,1.536),('16xlarge',64,256,3.072)]:
    A('m6i.'+s,'',None,v,m,p,.38); A('m7i.'+s,'',None,v,m,round(p*1.05,4),.40)
for s,v,m,p in [('large',2,4,.085),('xlarge',4,8,.17),('2xlarge',8,16,.34),('4xlarge',16,32,.68),('8xlarge',32,64,1.36)]:
    A('c6i.'+s,'',None,v,m,p,.40)
for s,v,m,p in [('large',2,16,.126),('xlarge',4,32,.252),('2xlarge',8,64,.504),('4xlarge',16,128,1.008)]:
    A('r6i.'+s,'',None,v,m,p,.35)
for s,v,m,p in [('medium',2,4,.0416),('large',2,8,.0832),('xlarge',4,16,.1664),('2xlarge',8,32,.3328)]:
    A('t3.'+s,'',None,v,m,p,.31)
for s,n,v,m,p in [('xlarge',1,4,16,.526),('2xlarge',1,8,32,.752),('4xlarge',1,16,64,1.204),('8xlarge',1,32,128,2.176),('12xlarge',4,48,192,3.912),('16xlarge',1,64,256,4.352),('metal',8,96,384,7.824)]:
    A('g4dn.'+s,'T4',n,v,m,p,.30,gpu_main)
for s,n,v,m,p in [('xlarge',1,4,16,1.006),('2xlarge',1,8,32,1.212),('4xlarge',1,16,64,1.624),('8xlarge',1,32,128,2.448),('12xlarge',4,48,192,5.672),('16xlarge',1,64,256,4.096),('24xlarge',4,96,384,8.144),('48xlarge',8,192,768,16.288)]:
    A('g5.'+s,'A10G',n,v,m,p,.40,gpu_main)
for s,n,v,m,p in [('xlarge',1,4,16,.8048),('2xlarge',1,8,32,.9776),('4xlarge',1,16,64,1.3232),('8xlarge',1,32,128,2.0144),('12xlarge',4,48,192,4.6016),('16xlarge',1,64,256,3.3968),('24xlarge',4,96,384,6.6752),('48xlarge',8,192,768,13.3504)]:
    A('g6.'+s,'L4',n,v,m,p,.42,gpu_main[:5])
for s,n,v,m,p in [('xlarge',1,4,32,1.861),('2xlarge',1,8,64,2.24208),('12xlarge',4,48,384,10.49264),('48xlarge',8,192,1536,30.13118)]:
    A('g6e.'+s,'L40S',n,v,m,p,.45,big)
for s,n,v,m,p in [('2xlarge',1,8,61,3.06),('8xlarge',4,32,244,12.24),('16xlarge',8,64,488,24.48)]:
    A('p3.'+s,'V100',n,v,m,p,.33,['us-east-1','us-west-2','eu-west-1','ap-northeast-1'])
A('p4d.24xlarge','A100',8,96,1152,21.96,.45,big)
A('p4de.24xlarge','A100-80GB',8,96,1152,27.45,.45,['us-east-1','us-west-2'])
A('p5.48xlarge','H100',8,192,2048,55.04,.50,big)
A('p5e.48xlarge','H200',8,192,2048,63.30,.55,['us-east-2','us-west-2'])
A('trn1.2xlarge','Trainium',1,8,32,1.34375,.30,big)
A('trn1.32xlarge','Trainium',16,128,512,21.50,.30,big)
A('trn1n.32xlarge','Trainium',16,128,512,24.78,.30,['us-east-1','us-west-2'])
A('trn2.48xlarge','Trainium2',16,192,2048,44.70,.50,['us-east-2'])
for s,n,v,m,p in [('xlarge',1,4,16,.7582),('8xlarge',1,32,128,1.9679),('24xlarge',6,96,384,6.4906),('48xlarge',12,192,768,12.9813)]:
    A('inf2.'+s,'Inferentia2',n,v,m,p,.30,['us-east-1','us-east-2','us-west-2','eu-west-1'])
w_regional('aws',aws,aws_regions)
# ---- GCP ---- (host rows priced without GPUs; GPUs and TPUs on rows with a blank InstanceType)
zones={'us-central1':(['a','b','c','f'],1.0),'us-east1':(['b','c','d'],1.0),'us-west1':(['a','b'],1.0),'us-west4':(['a','b'],1.0),'europe-west4':(['a','b','c'],1.1),'asia-east1':(['a','b','c'],1.16)}
gcp_cpu=[]
for n,v,m,p in [(1,1,3.75,.0475),(2,2,7.5,.095),(4,4,15,.19),(8,8,30,.38),(16,16,60,.76),(32,32,120,1.52)]: gcp_cpu.append((f'n1-standard-{n}',v,m,p,.2))
for n,v,m,p in [(2,2,13,.1184),(4,4,26,.2368),(8,8,52,.4736),(16,16,104,.9472)]: gcp_cpu.append((f'n1-highmem-{n}',v,m,p,.2))
for n,v,m,p in [(8,8,7.2,.2836),(16,16,14.4,.5672)]: gcp_cpu.append((f'n1-highcpu-{n}',v,m,p,.2))
for n,p in [(2,.067006),(4,.134012),(8,.268024),(16,.536048),(32,1.072096)]: gcp_cpu.append((f'e2-standard-{n}',n,n*4,p,.3))
for n,p in [(2,.097118),(4,.194236),(8,.388472),(16,.776944),(32,1.553888)]: gcp_cpu.append((f'n2-standard-{n}',n,n*4,p,.25))
for n,p in [(8,.524),(16,1.048)]: gcp_cpu.append((f'n2-highmem-{n}',n,n*8,p,.25))
hosts=[('g2-standard-4',4,16,.14679),('g2-standard-8',8,32,.2931),('g2-standard-12',12,48,.43941),('g2-standard-16',16,64,.58572),('g2-standard-24',24,96,.87882),('g2-standard-32',32,128,1.17096),('g2-standard-48',48,192,1.75764),('g2-standard-96',96,384,3.51528),
       ('a2-highgpu-1g',12,85,.739477),('a2-highgpu-2g',24,170,1.478954),('a2-highgpu-4g',48,340,2.957908),('a2-highgpu-8g',96,680,5.91582),('a2-megagpu-16g',96,1360,8.79647),
       ('a2-ultragpu-1g',12,170,1.14031),('a2-ultragpu-2g',24,340,2.28062),('a2-ultragpu-4g',48,680,4.56124),('a2-ultragpu-8g',96,1360,9.12248),
       ('a3-highgpu-1g',26,234,1.225),('a3-highgpu-2g',52,468,2.45),('a3-highgpu-4g',104,936,4.9),('a3-highgpu-8g',208,1872,9.8)]
gpu_where={'T4':['us-central1','us-east1','us-west1','us-west4','europe-west4','asia-east1'],'V100':['us-central1','us-west1','europe-west4','asia-east1'],'L4':['us-central1','us-east1','us-west1','us-west4','europe-west4','asia-east1'],'A100':['us-central1','us-east1','europe-west4','asia-east1'],'A100-80GB':['us-central1','us-east1','europe-west4'],'H100':['us-central1','us-east1','europe-west4']}
host_for={'g2':'L4','a2-highgpu':'A100','a2-megagpu':'A100','a2-ultragpu':'A100-80GB','a3-highgpu':'H100'}
gpus=[('T4',[1,2,4],.35,.4),('V100',[1,2,4,8],2.48,.3),('L4',[1,2,4,8],.56004,.4),('A100',[1,2,4,8,16],2.933908,.35),('A100-80GB',[1,2,4,8],3.92848,.35),('H100',[1,2,4,8],9.836,.3)]
tpus=[('tpu-v5litepod-1',1.2,['us-central1','us-west1','us-west4','europe-west4']),('tpu-v5litepod-4',4.8,['us-central1','us-west1','us-west4','europe-west4']),('tpu-v5litepod-8',9.6,['us-central1','us-west1','us-west4','europe-west4']),('tpu-v5litepod-16',19.2,['us-central1','europe-west4']),
      ('tpu-v6e-1',2.7,['us-east1','europe-west4']),('tpu-v6e-4',10.8,['us-east1','europe-west4']),('tpu-v6e-8',21.6,['us-east1','europe-west4']),('tpu-v5p-8',16.8,['us-east1','europe-west4']),('tpu-v4-8',12.88,['us-central1']),('tpu-v3-8',8.0,['us-central1','europe-west4']),('tpu-v2-8',4.5,['us-central1','europe-west4'])]
rows=[]
for r,(zs,fct) in zones.items():
    for z in zs:
        zone=f'{r}-{z}'
        for t,v,m,p,sf in gcp_cpu:
            od=round(p*fct,5); rows.append((t,float(v),float(m),None,None,r,zone,od,round(od*sf,5)))
        for t,v,m,p in hosts:
            fam=t.rsplit('-',1)[0] if t.startswith('g2') is False else 'g2'
            acc=host_for['g2' if t.startswith('g2') else fam]
            if r not in gpu_where[acc]: continue
            od=round(p*fct,5); rows.append((t,float(v),float(m),None,None,r,zone,od,round(od*.3,5)))
        for acc,counts,p,sf in gpus:
            if r not in gpu_where[acc]: continue
            for n in counts:
                od=round(p*n*fct,5); rows.append((None,None,None,acc,n,r,zone,od,round(od*sf,5)))
        if z==zs[0]:
            for name,p,regs in tpus:
                if r in regs:
                    od=round(p*fct,5); rows.append((None,None,None,name,1,r,zone,od,round(od*.4,5)))
w('gcp','InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,Region,AvailabilityZone,Price,SpotPrice',rows)
# ---- Azure ----
az_regions={'eastus':1.0,'eastus2':1.0,'westus2':1.0,'southcentralus':1.1,'northeurope':1.08,'westeurope':1.12}
az=[]
for n,p in [(2,.096),(4,.192),(8,.384),(16,.768),(32,1.536)]: az.append((f'Standard_D{n}s_v5','',None,n,n*4,p,.18,None))
for n,p in [(4,.252),(8,.504),(16,1.008)]: az.append((f'Standard_E{n}s_v5','',None,n,n*8,p,.18,None))
for n,p in [(4,.169),(8,.338),(16,.677)]: az.append((f'Standard_F{n}s_v2','',None,n,n*2,p,.2,None))
az.append(('Standard_B2s','',None,2,4,.0416,.3,None))
for t,n,v,m,p in [('Standard_NC4as_T4_v3',1,4,28,.526),('Standard_NC8as_T4_v3',1,8,56,.752),('Standard_NC16as_T4_v3',1,16,110,1.204),('Standard_NC64as_T4_v3',4,64,440,4.352)]: az.append((t,'T4',n,v,m,p,.22,None))
for t,n,v,m,p in [('Standard_NC6s_v3',1,6,112,3.06),('Standard_NC12s_v3',2,12,224,6.12),('Standard_NC24s_v3',4,24,448,12.24)]: az.append((t,'V100',n,v,m,p,.22,['eastus','westus2','southcentralus','westeurope']))
for t,n,v,m,p in [('Standard_NC24ads_A100_v4',1,24,220,3.673),('Standard_NC48ads_A100_v4',2,48,440,7.346),('Standard_NC96ads_A100_v4',4,96,880,14.692)]: az.append((t,'A100-80GB',n,v,m,p,.22,['eastus','eastus2','southcentralus','westeurope']))
az.append(('Standard_ND96asr_v4','A100',8,96,900,27.197,.22,['eastus','westus2','southcentralus','westeurope']))
az.append(('Standard_ND96amsr_A100_v4','A100-80GB',8,96,1900,32.77,.22,['eastus','westus2','westeurope']))
az.append(('Standard_NC40ads_H100_v5','H100',1,40,320,6.98,.25,['eastus','southcentralus']))
az.append(('Standard_ND96isr_H100_v5','H100',8,96,1900,98.32,.19,['eastus','eastus2','westus2','westeurope']))
az.append(('Standard_NV36ads_A10_v5','A10',1,36,440,3.2,.2,['eastus','westus2','southcentralus','westeurope']))
w_regional('azure',az,az_regions)
# ---- Lambda (no spot; one price everywhere) ----
lam=[('gpu_1x_a10','A10',1,30,200,.75),('gpu_1x_a100','A100',1,30,200,1.29),('gpu_1x_a100_sxm4','A100',1,30,200,1.29),('gpu_2x_a100','A100',2,60,400,2.58),('gpu_4x_a100','A100',4,120,800,5.16),('gpu_8x_a100','A100',8,124,1800,10.32),
     ('gpu_8x_a100_80gb_sxm4','A100-80GB',8,240,1800,14.32),('gpu_1x_h100_pcie','H100',1,26,200,2.49),('gpu_8x_h100_sxm5','H100',8,208,1800,23.92),('gpu_1x_gh200','GH200',1,64,432,1.49),('gpu_8x_v100','V100',8,92,448,4.4),
     ('gpu_1x_rtx6000','RTX6000',1,14,46,.5),('gpu_1x_a6000','A6000',1,14,100,.8),('gpu_2x_a6000','A6000',2,28,200,1.6),('gpu_4x_a6000','A6000',4,56,400,3.2),('gpu_8x_b200_sxm6','B200',8,208,2900,39.92)]
rows=[]
for r in ['us-east-1','us-west-1','us-west-2','us-south-1','europe-central-1','asia-northeast-1']:
    for t,acc,n,v,m,p in lam: rows.append((t,acc,n,float(v),float(m),p,None,r))
w('lambda',REGIONAL,rows)
