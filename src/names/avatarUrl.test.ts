import { describe, expect, it } from 'vitest';
import { avatarUrl } from './avatarUrl.ts';
import { remoteAssetUrl } from './remoteAssetUrl.ts';

const hosts = {
  proxy: 'https://images.example/?url={url}',
  ipfsGateway: 'https://ipfs.io/',
  arweaveGateway: 'https://arweave.net',
};
const CID_V0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const CID_V1 = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
const AR_ID = 'bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U';
const svgData = 'data:image/svg+xml;base64,PHN2Zy8+';

describe('avatarUrl', () => {
  it('loads an https avatar only through the proxy, never from the member host', () => {
    expect(avatarUrl('https://me.example/a.png?x=1', 'proxy', hosts)).toBe(
      'https://images.example/?url=https%3A%2F%2Fme.example%2Fa.png%3Fx%3D1',
    );
    expect(avatarUrl('http://me.example/a.png', 'proxy', hosts)).toBe(
      'https://images.example/?url=http%3A%2F%2Fme.example%2Fa.png',
    );
  });

  it('shows no remote avatar when no proxy is configured, or the member turned them off', () => {
    expect(avatarUrl('https://me.example/a.png', 'proxy', {})).toBeNull();
    expect(avatarUrl('https://me.example/a.png', 'off', hosts)).toBeNull();
    expect(avatarUrl(`ipfs://${CID_V0}`, 'off', hosts)).toBeNull();
    expect(avatarUrl(`ipfs://${CID_V0}`, 'proxy', { proxy: hosts.proxy })).toBeNull();
  });

  it('keeps data: images in every mode and drops other data: URIs', () => {
    expect(avatarUrl(svgData, 'off', {})).toBe(svgData);
    expect(avatarUrl(svgData, 'proxy', hosts)).toBe(svgData);
    expect(avatarUrl('data:text/html,<script>alert(1)</script>', 'proxy', hosts)).toBeNull();
    expect(avatarUrl(`data:image/png;base64,${'A'.repeat(200_000)}`, 'off', {})).toBeNull();
    expect(avatarUrl('<svg xmlns="http://www.w3.org/2000/svg"/>', 'off', {})).toMatch(
      /^data:image\/svg\+xml,%3Csvg/,
    );
  });

  it('leaves an NFT record to the NFT resolver and refuses other schemes', () => {
    expect(
      avatarUrl('eip155:1/erc721:0xb47e3cd837dDF8e4c57F05d70Ab865de6e193BBB/1', 'proxy', hosts),
    ).toBeNull();
    expect(avatarUrl('javascript:alert(1)', 'proxy', hosts)).toBeNull();
    expect(avatarUrl('ftp://me.example/a.png', 'proxy', hosts)).toBeNull();
    expect(avatarUrl('', 'proxy', hosts)).toBeNull();
  });
});

describe('remoteAssetUrl', () => {
  it('takes IPFS and Arweave content through the configured gateways', () => {
    expect(remoteAssetUrl(`ipfs://${CID_V0}/1.png`, hosts)).toBe(
      `https://ipfs.io/ipfs/${CID_V0}/1.png`,
    );
    expect(remoteAssetUrl(`ipfs://ipfs/${CID_V1}`, hosts)).toBe(`https://ipfs.io/ipfs/${CID_V1}`);
    expect(remoteAssetUrl(CID_V1, hosts)).toBe(`https://ipfs.io/ipfs/${CID_V1}`);
    expect(remoteAssetUrl('ipns://app.example/x.png', hosts)).toBe(
      'https://ipfs.io/ipns/app.example/x.png',
    );
    expect(remoteAssetUrl(`ar://${AR_ID}`, hosts)).toBe(`https://arweave.net/${AR_ID}`);
    // A link to someone's own IPFS gateway goes to ours instead.
    expect(remoteAssetUrl(`https://gw.me.example/ipfs/${CID_V0}/a.png`, hosts)).toBe(
      `https://ipfs.io/ipfs/${CID_V0}/a.png`,
    );
    // Already on a configured gateway: loaded from it, no proxy needed.
    expect(remoteAssetUrl(`https://arweave.net/${AR_ID}`, hosts)).toBe(
      `https://arweave.net/${AR_ID}`,
    );
  });

  it('refuses malformed references instead of passing them on', () => {
    expect(remoteAssetUrl('ipfs://not-a-cid/a.png', hosts)).toBeNull();
    expect(remoteAssetUrl(`ar://${AR_ID.slice(1)}`, hosts)).toBeNull();
    expect(remoteAssetUrl(`ipfs://${CID_V0}/a b.png`, hosts)).toBeNull();
    expect(remoteAssetUrl(`https://me.example/${'a'.repeat(3000)}`, hosts)).toBeNull();
    expect(remoteAssetUrl('https://user:pw@me.example/a.png', hosts)).toBeNull();
  });
});
