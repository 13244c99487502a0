# Writes the bundled sagemaker catalog (SkyPilot v8 layout, like aws/vms.csv) from SageMaker's
# public on-demand TRAINING prices in us-east-1 (aws.amazon.com/sagemaker/pricing, as published in
# 2024), for GPU, Trainium and common CPU ml.* types. us-west-2 is priced as us-east-1; other regions
# scale by the EC2 type's regional ratio in the bundled aws catalog, and exist only where that
# catalog offers the EC2 type. Managed spot has no list price (SageMaker bills EC2's spot discount
# of the day): spot = on-demand x the EC2 type's spot/on-demand ratio in the aws catalog.
# ml.trn1.2xlarge is priced at ml.trn1.32xlarge's SageMaker/EC2 ratio. Run after make_bundled.py.
import csv, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../resources/dev/skyrun/catalog/bundled')
# ml type: (on-demand USD/h in us-east-1, training)
PRICES = {
    'ml.m5.xlarge': 0.23, 'ml.m5.4xlarge': 0.922, 'ml.c5.4xlarge': 0.816,
    'ml.g4dn.xlarge': 0.736, 'ml.g4dn.12xlarge': 4.89,
    'ml.g5.xlarge': 1.408, 'ml.g5.2xlarge': 1.515, 'ml.g5.12xlarge': 7.09, 'ml.g5.48xlarge': 20.36,
    'ml.p3.2xlarge': 3.825, 'ml.p3.16xlarge': 28.152, 'ml.p4d.24xlarge': 37.688,
    'ml.trn1.32xlarge': 24.725, 'ml.trn1.2xlarge': round(1.34375 * 24.725 / 21.5, 5),
}
# CPU types the aws catalog lacks: vCPUs, memory, EC2 spot ratio (typical)
CPU = {'ml.m5.xlarge': (4, 16, .38), 'ml.m5.4xlarge': (16, 64, .38), 'ml.c5.4xlarge': (16, 32, .40)}
REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1']
ec2 = {}
with open(f'{OUT}/aws/vms.csv') as f:
    for r in csv.DictReader(f):
        ec2[(r['InstanceType'], r['Region'])] = r
def fmt(x):
    return f'{x:.5f}'.rstrip('0').rstrip('.')
rows = []
for t, price in PRICES.items():
    base = t[3:]
    for region in REGIONS:
        if t in CPU:
            v, m, sf = CPU[t]
            factor = 1.0 if region != 'eu-west-1' else 1.11
            rows.append([t, '', '', v, m, fmt(price * factor), fmt(price * factor * sf), region])
            continue
        here, home = ec2.get((base, region)), ec2.get((base, 'us-east-1'))
        if here is None or home is None:
            continue
        factor = 1.0 if region == 'us-west-2' else float(here['Price']) / float(home['Price'])
        p = price * factor
        spot = p * float(here['SpotPrice']) / float(here['Price'])
        rows.append([t, here['AcceleratorName'], here['AcceleratorCount'], here['vCPUs'], here['MemoryGiB'], fmt(p), fmt(spot), region])
os.makedirs(f'{OUT}/sagemaker', exist_ok=True)
with open(f'{OUT}/sagemaker/vms.csv', 'w') as f:
    f.write('InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n')
    for r in rows:
        f.write(','.join(str(x) for x in r) + '\n')
